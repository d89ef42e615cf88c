// After an exit: erasure requests before and after the retention date, the retention job on the clock,
// legal holds that stop both, the append-only history, and winning customers back.
import pg from 'pg';
import { toGlobalId } from '../src/graphql/relay';
import { offboardingModule } from '../src/modules/offboarding';
import { defaultModules } from '../src/modules';
import { runRetentionJob } from '../src/modules/offboarding/retention.job';
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

const ERASE = `mutation($input: RequestErasureInput!) { requestErasure(input: $input) {
  erasure { customerId outcome erased retainUntil legalBasis } userErrors { field message code } } }`;
const HOLD = 'mutation($input: PlaceLegalHoldInput!) { placeLegalHold(input: $input) { legalHold { id } userErrors { code } } }';
const RELEASE = 'mutation($input: ReleaseLegalHoldInput!) { releaseLegalHold(input: $input) { legalHold { releasedAt } userErrors { code } } }';
const compliance = () => o.token('COMPLIANCE_OFFICER', 'compliance-01');
const keyOf = (gid: string) => Buffer.from(gid, 'base64url').toString('utf8').split(':')[1];

const PII_COLUMNS = 'first_name, last_name, email, phone, date_of_birth::text, national_id_enc, address';
const customerRow = async (id: string) => (await t.sql.query(`select ${PII_COLUMNS}, status, marketing_consent, preferred_channel from customer where id = $1`, [id])).rows[0];
const auditRows = async (customerId: string) => (await t.sql.query('select * from audit_event where customer_id = $1 order by id', [customerId])).rows;
const job = () => runRetentionJob({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config, modules: defaultModules });

/** A customer who left (customer-initiated, with notes and marketing data), and their closed case. */
async function exitedCustomer(): Promise<{ id: string; gid: string; c: CaseOut }> {
  const customer = await o.customer();
  await t.sql.query(
    `update customer set marketing_consent = true, marketing_consent_at = now(), preferred_channel = 'EMAIL', national_id_enc = 'k1.iv.tag.data' where id = $1`,
    [customer.id],
  );
  let c = await o.start(customer.gid, 'CUSTOMER', { reasonDetail: 'Moving in with Sam Example', note: 'Spoke to Olive on the phone' });
  c = await o.step('recordRetentionAttempt', c, { offer: 'Fee waiver', answer: 'DECLINED', note: 'Olive said no' });
  c = await o.step('startSettlement', c);
  c = await o.tickAll(c);
  c = await o.step('closeOffboarding', c);
  return { id: customer.id, gid: customer.gid, c };
}

describe('erasure before the retention date', () => {
  it('keeps the records, erases marketing data and free-text notes, and answers with the date and its legal basis', async () => {
    const { id, gid, c } = await exitedCustomer();
    const before = await customerRow(id);
    const audit = await auditRows(id);
    const res = await t.gql(ERASE, { token: compliance(), variables: { input: { customerId: gid } } });
    expect(res.body.data.requestErasure.userErrors).toEqual([]);
    const e = res.body.data.requestErasure.erasure;
    expect(e).toMatchObject({ customerId: gid, outcome: 'RECORDS_KEPT', retainUntil: c.retainUntil, legalBasis: c.legalBasis });
    expect(e.erased).toEqual(expect.arrayContaining(['marketingConsent', 'preferredChannel', 'historyNotes', 'reasonDetails']));

    const after = await customerRow(id);
    expect(after).toEqual({ ...before, marketing_consent: false, preferred_channel: null });
    const read = await o.read(c.id);
    expect(read.reasonDetail).toBeNull();
    // The two steps that had notes have them erased (and say so); the others never had one.
    expect(read.history.map((h: { transition: string; note: string | null; noteErased: boolean }) => [h.transition, h.note, h.noteErased])).toEqual([
      ['startOffboarding', null, true],
      ['recordRetentionAttempt', null, true],
      ['startSettlement', null, false],
      ['closeOffboarding', null, false],
    ]);
    // Nothing removed from the audit trail; the request and each erasure are events of their own.
    const now = await auditRows(id);
    expect(now.filter((r) => audit.some((a) => a.id === r.id))).toEqual(audit);
    expect(now.map((r) => r.action)).toEqual(
      expect.arrayContaining(['customer.erasure_requested', 'customer.marketing_data_erased', 'offboarding.notes_erased']),
    );

    // The job leaves them alone until the date.
    expect((await job()).anonymised).not.toContain(id);
    expect((await customerRow(id)).first_name).toBe('Olive');
  });

  it('keeps the free text of an exit for an AML concern until the retention date', async () => {
    const customer = await o.customer();
    const officer = compliance();
    let c = await o.start(customer.gid, 'BANK', { reason: 'AML_CONCERN', reasonDetail: 'Unexplained transfers', note: 'Report filed' }, officer);
    c = await o.step('submitForApproval', c, {}, officer);
    c = await o.step('approveExit', c, {}, o.token('COMPLIANCE_OFFICER', 'compliance-02'));
    c = await o.step('notifyCustomer', c, {}, officer);
    c = await o.tickAll(await o.step('startSettlement', c, {}, officer), officer);
    o.passNotice();
    c = await o.step('closeOffboarding', c, {}, compliance());
    const res = await t.gql(ERASE, { token: compliance(), variables: { input: { customerId: customer.gid } } });
    expect(res.body.data.requestErasure.erasure.outcome).toBe('RECORDS_KEPT');
    const kept = await o.read(c.id, compliance());
    expect(kept).toMatchObject({ reason: 'AML_CONCERN', reasonDetail: 'Unexplained transfers' });
    expect(kept.history[0]).toMatchObject({ note: 'Report filed', noteErased: false });
  });

  it('refuses for a customer who still banks with the bank', async () => {
    const customer = await o.customer();
    const res = await t.gql(ERASE, { token: compliance(), variables: { input: { customerId: customer.gid } } });
    expect(res.body.data.requestErasure).toMatchObject({ erasure: null, userErrors: [{ code: 'NOT_EXITED' }] });
  });
});

describe('after the retention date', () => {
  it('the job anonymises the customer\'s personal data, names included, and leaves the audit trail intact; a legal hold stops both', async () => {
    const plain = await exitedCustomer();
    const held = await exitedCustomer();
    const hold = await t.gql(HOLD, { token: compliance(), variables: { input: { customerId: held.gid, reason: 'Litigation pending' } } });
    expect(hold.body.data.placeLegalHold.userErrors).toEqual([]);

    // Held: erasure is refused and nothing changes.
    const heldBefore = await customerRow(held.id);
    const refused = await t.gql(ERASE, { token: compliance(), variables: { input: { customerId: held.gid } } });
    expect(refused.body.data.requestErasure.userErrors.map((e: { code: string }) => e.code)).toEqual(['LEGAL_HOLD']);
    expect(await customerRow(held.id)).toEqual(heldBefore);

    const auditBefore = await auditRows(plain.id);
    t.clock.set(new Date(new Date(plain.c.retainUntil).getTime() + 86_400_000));
    const result = await job();
    expect(result.anonymised).toContain(plain.id);
    expect(result.anonymised).not.toContain(held.id);
    expect(result.held).toContain(held.id);

    expect(await customerRow(plain.id)).toEqual({
      first_name: 'Anonymised', last_name: 'Customer', email: null, phone: null, date_of_birth: null, national_id_enc: null, address: null,
      status: 'EXITED', marketing_consent: false, preferred_channel: null,
    });
    expect(await customerRow(held.id)).toEqual(heldBefore);

    const auditAfter = await auditRows(plain.id);
    expect(auditAfter.filter((r) => auditBefore.some((a) => a.id === r.id))).toEqual(auditBefore);
    const anonymised = auditAfter.find((r) => r.action === 'customer.anonymised');
    expect(anonymised).toMatchObject({ actor_kind: 'system', actor_id: 'system' });
    // Personal data is named in the audit, never recorded.
    expect(anonymised.changes.map((ch: { field: string }) => ch.field)).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email', 'nationalIdEnc']));
    expect(JSON.stringify(auditAfter)).not.toContain('Olive');
    expect((await o.read(plain.c.id)).anonymisedAt).not.toBeNull();

    // Running again changes nothing; releasing the hold lets the next run through.
    expect((await job()).anonymised).toEqual([]);
    const released = await t.gql(RELEASE, { token: compliance(), variables: { input: { customerId: held.gid, note: 'Case settled' } } });
    expect(released.body.data.releaseLegalHold.userErrors).toEqual([]);
    const viaModule = await offboardingModule.jobs![0].run({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config, modules: defaultModules });
    expect(viaModule).toMatchObject({ anonymised: [held.id] });
    expect((await customerRow(held.id)).last_name).toBe('Customer');
  });

  it('an erasure request after the date anonymises at once', async () => {
    const { id, gid, c } = await exitedCustomer();
    t.clock.set(new Date(new Date(c.retainUntil).getTime() + 1000));
    const res = await t.gql(ERASE, { token: compliance(), variables: { input: { customerId: gid } } });
    expect(res.body.data.requestErasure.erasure).toMatchObject({ outcome: 'ANONYMISED' });
    expect(res.body.data.requestErasure.erasure.erased).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email']));
    expect((await customerRow(id)).first_name).toBe('Anonymised');
  });
});

describe('the history is append-only for the application', () => {
  it('the runtime role can erase a note, but cannot rewrite, delete or truncate history, nor delete cases', async () => {
    const { c } = await exitedCustomer();
    const key = keyOf(c.id);
    const runtime = new pg.Client({ connectionString: t.db.runtimeUrl });
    await runtime.connect();
    try {
      await expect(runtime.query(`update case_transition set to_state = 'CANCELLED' where case_id = $1`, [key])).rejects.toThrow(/append-only|permission/);
      await expect(runtime.query(`update case_transition set note = 'rewritten' where case_id = $1`, [key])).rejects.toThrow(/append-only/);
      await expect(runtime.query('delete from case_transition where case_id = $1', [key])).rejects.toThrow(/permission|append-only/);
      await expect(runtime.query('truncate case_transition')).rejects.toThrow(/permission|append-only/);
      await expect(runtime.query('delete from offboarding_case where id = $1', [key])).rejects.toThrow(/permission/);
      await expect(runtime.query('delete from retention_attempt where case_id = $1', [key])).rejects.toThrow(/permission/);
      const erased = await runtime.query(`update case_transition set note = null, note_erased_at = $2 where case_id = $1`, [key, new Date()]);
      expect(erased.rowCount).toBeGreaterThan(0);
    } finally {
      await runtime.end();
    }
  });
});

describe('win-back', () => {
  const ATTEMPT = 'mutation($input: RecordWinBackAttemptInput!) { recordWinBackAttempt(input: $input) { customer { status winBackAttempts { offer outcome recordedBy } } userErrors { code } } }';
  const WIN = 'mutation($input: RecordWinBackInput!) { recordWinBack(input: $input) { customer { status wonBackAt exitedAt winBackAttempts { outcome } } userErrors { code } } }';

  it('an exited customer can be approached and brought back: ACTIVE with wonBackAt; the job then leaves them alone', async () => {
    const { id, gid, c } = await exitedCustomer();
    const rm = o.token('RELATIONSHIP_MANAGER', 'rm-01');
    const attempt = await t.gql(ATTEMPT, { token: rm, variables: { input: { customerId: gid, offer: 'Three months free', outcome: 'DECLINED' } } });
    expect(attempt.body.data.recordWinBackAttempt.customer).toMatchObject({
      status: 'EXITED', winBackAttempts: [{ offer: 'Three months free', outcome: 'DECLINED', recordedBy: 'rm-01' }],
    });
    const wonBack = await t.gql(WIN, { token: rm, variables: { input: { customerId: gid, offer: 'Rate match' } } });
    const customer = wonBack.body.data.recordWinBack.customer;
    expect(customer.status).toBe('ACTIVE');
    expect(customer.wonBackAt).toBe(t.clock.now().toISOString());
    expect(customer.winBackAttempts.map((a: { outcome: string }) => a.outcome)).toEqual(['DECLINED', 'WON_BACK']);
    expect((await auditRows(id)).map((r) => r.action)).toEqual(expect.arrayContaining(['win_back.attempt_recorded', 'customer.won_back']));

    const again = await t.gql(WIN, { token: rm, variables: { input: { customerId: gid, offer: 'x' } } });
    expect(again.body.data.recordWinBack.userErrors).toEqual([{ code: 'NOT_EXITED' }]);
    t.clock.set(new Date(new Date(c.retainUntil).getTime() + 86_400_000));
    expect((await job()).anonymised).not.toContain(id);
    expect((await customerRow(id)).first_name).toBe('Olive');
  });

  it('a customer the bank exited is not a win-back target', async () => {
    const bank = await o.caseIn('BANK', 'CLOSED');
    const customerId = toGlobalId('Customer', (await t.sql.query('select customer_id from offboarding_case where id = $1', [keyOf(bank.id)])).rows[0].customer_id);
    const res = await t.gql(ATTEMPT, { token: o.admin, variables: { input: { customerId, offer: 'x', outcome: 'INTERESTED' } } });
    expect(res.body.data.recordWinBackAttempt.userErrors).toEqual([{ code: 'RESTRICTED' }]);
    const win = await t.gql(WIN, { token: o.admin, variables: { input: { customerId, offer: 'x' } } });
    expect(win.body.data.recordWinBack.userErrors).toEqual([{ code: 'RESTRICTED' }]);
  });
});
