// Every state × every transition, against a table written out here (not imported from the code). A fresh
// case is brought to each state through the API; an allowed step must land in the expected state, a
// refused one must answer INVALID_TRANSITION and leave the case, its history, its checklist, the
// customer and the audit trail exactly as they were.
import { createTestApp, type TestApp } from './support/app';
import { type CaseOut, Offboarding } from './support/offboarding';

let t: TestApp;
let o: Offboarding;

beforeAll(async () => {
  t = await createTestApp();
  o = await new Offboarding(t).setup();
});
afterAll(async () => {
  await t?.close();
});

const TRANSITIONS = [
  'recordRetentionAttempt', 'retainCustomer', 'submitForApproval', 'approveExit', 'notifyCustomer', 'startSettlement', 'closeOffboarding', 'cancelOffboarding',
] as const;

// '-' means refused. Rows: kind of exit and state the case is in.
const X = '-';
const EXPECTED: Record<string, string[]> = {
  //                       recordRetention  retain      submit              approve   notify    startSettlement  close     cancel
  'CUSTOMER REQUESTED':   ['RETENTION',     X,          X,                  X,        X,        X,               X,        'CANCELLED'],
  'CUSTOMER RETENTION':   ['RETENTION',     'RETAINED', X,                  X,        X,        'SETTLEMENT',    X,        'CANCELLED'],
  'CUSTOMER SETTLEMENT':  [X,               X,          X,                  X,        X,        X,               'CLOSED', 'CANCELLED'],
  'CUSTOMER RETAINED':    [X,               X,          X,                  X,        X,        X,               X,        X],
  'CUSTOMER CLOSED':      [X,               X,          X,                  X,        X,        X,               X,        X],
  'CUSTOMER CANCELLED':   [X,               X,          X,                  X,        X,        X,               X,        X],
  'BANK REQUESTED':       [X,               X,          'PENDING_APPROVAL', X,        X,        X,               X,        'CANCELLED'],
  'BANK PENDING_APPROVAL':[X,               X,          X,                  'NOTICE', X,        X,               X,        'CANCELLED'],
  'BANK NOTICE':          [X,               X,          X,                  X,        'NOTICE', 'SETTLEMENT',    X,        'CANCELLED'],
  'BANK SETTLEMENT':      [X,               X,          X,                  X,        X,        X,               'CLOSED', 'CANCELLED'],
  'BANK CLOSED':          [X,               X,          X,                  X,        X,        X,               X,        X],
  'BANK CANCELLED':       [X,               X,          X,                  X,        X,        X,               X,        X],
};

const EXTRA: Record<string, Record<string, unknown>> = {
  recordRetentionAttempt: { offer: 'Fee refund', answer: 'DECLINED' },
  cancelOffboarding: { reason: 'Table test' },
};

/** Everything a refused transition must leave alone. */
async function snapshot(c: CaseOut) {
  const key = Buffer.from(c.id, 'base64url').toString('utf8').split(':')[1];
  const one = async (sql: string) => (await t.sql.query(sql, [key])).rows;
  return {
    case: await one('select * from offboarding_case where id = $1'),
    history: await one('select * from case_transition where case_id = $1 order by seq'),
    checklist: await one('select * from checklist_item where case_id = $1 order by position'),
    retention: await one('select * from retention_attempt where case_id = $1 order by seq'),
    customer: await one('select c.* from customer c join offboarding_case oc on oc.customer_id = c.id where oc.id = $1'),
    accounts: await one('select a.* from account a join offboarding_case oc on oc.customer_id = a.customer_id where oc.id = $1 order by a.id'),
    audit: await one('select a.* from audit_event a join offboarding_case oc on oc.customer_id = a.customer_id where oc.id = $1 order by a.id'),
  };
}

it('the expected table covers every state of both kinds of exit and every transition', () => {
  expect(Object.keys(EXPECTED)).toHaveLength(12);
  for (const row of Object.values(EXPECTED)) expect(row).toHaveLength(TRANSITIONS.length);
});

describe.each(Object.keys(EXPECTED))('%s', (row) => {
  const [path, state] = row.split(' ') as ['CUSTOMER' | 'BANK', string];

  it.each(TRANSITIONS.map((name, i) => [name, EXPECTED[row][i]]))('%s → %s', async (name, expected) => {
    // Arrange the case so that the step's own guards pass whenever the table allows it.
    const c = await o.caseIn(path, state, {
      answer: state === 'RETENTION' && name === 'retainCustomer' ? 'ACCEPTED' : undefined,
      notified: name !== 'notifyCustomer',
      ticked: name === 'closeOffboarding',
    });
    expect(c.state).toBe(state);
    if (path === 'BANK' && name === 'closeOffboarding') o.passNotice();
    const token = name === 'approveExit' ? o.token('COMPLIANCE_OFFICER', 'compliance-02') : o.admin;
    const before = await snapshot(c);

    const out = await o.mutate(name, { caseId: c.id, version: c.version, ...EXTRA[name] }, token);

    expect(out.errors).toBeUndefined();
    if (expected === X) {
      expect(out.offboardingCase).toBeNull();
      expect(out.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
      expect(out.userErrors[0].message).toContain(name);
      expect(await snapshot(c)).toEqual(before);
    } else {
      expect(out.userErrors).toEqual([]);
      expect(out.offboardingCase.state).toBe(expected);
      const after = await snapshot(c);
      expect(after.history).toHaveLength(before.history.length + 1);
      expect(after.history[after.history.length - 1]).toMatchObject({ transition: name, from_state: state, to_state: expected });
      expect(after.audit.filter((a: { action: string }) => a.action.startsWith('offboarding.'))).toHaveLength(
        before.audit.filter((a: { action: string }) => a.action.startsWith('offboarding.')).length + 1,
      );
    }
  });
});
