// Working complaints: the state machine with its version checks, who may take each step, the history
// and audit of every step, and the overdue and close jobs, which change each complaint once however
// often and on however many connections they run.
import { FEEDBACK_TRANSITIONS, feedbackRefusal, FeedbackTransitionName, OPEN_STATUSES } from '../src/modules/feedback/state-machine';
import { FeedbackStatus } from '../src/modules/feedback/feedback.entity';
import { runCloseJob, runOverdueJob } from '../src/modules/feedback/feedback.jobs';
import { parseGlobalId, toGlobalId } from '../src/graphql/relay';
import { createTestApp, type TestApp } from './support/app';
import { waitForLockWaiters } from './support/concurrency';
import { createStaff } from './support/factories';
import { auditOf, errorCode, FeedbackBank, type Out } from './support/feedback';
import { createPartnerToken } from './support/partners';

let t: TestApp;
let b: FeedbackBank;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-01T09:00:00Z'); // a Tuesday
  b = await new FeedbackBank(t).setup();
});
afterAll(async () => {
  await t?.close();
});

const keyOf = (id: string) => parseGlobalId(id)!.key;
const ok = (res: Out, field: string): Out => {
  if (res.body.errors || res.body.data[field].userErrors.length) throw new Error(`${field} failed: ${JSON.stringify(res.body)}`);
  return res.body.data[field].feedback;
};

describe('the state machine table', () => {
  it('every handling step starts only from the statuses the table lists', () => {
    const all = Object.values(FeedbackStatus);
    const allowed = Object.fromEntries(Object.values(FeedbackTransitionName).map((n) => [n, all.filter((s) => feedbackRefusal(n, s) === null)]));
    expect(allowed).toEqual({
      recordFeedback: [],
      acknowledgeFeedback: ['OPEN'],
      assignFeedback: [...OPEN_STATUSES],
      startWorkOnFeedback: ['OPEN', 'ACKNOWLEDGED'],
      resolveFeedback: ['ACKNOWLEDGED', 'IN_PROGRESS'],
      reopenFeedback: ['RESOLVED'],
      escalateFeedback: [...OPEN_STATUSES],
      markOverdue: [...OPEN_STATUSES],
      closeFeedback: ['RESOLVED'],
    });
    expect(new Set(Object.values(FEEDBACK_TRANSITIONS).map((r) => r.action)).size).toBe(Object.keys(FEEDBACK_TRANSITIONS).length);
  });
});

describe('working a complaint', () => {
  it('walks OPEN → ACKNOWLEDGED → IN_PROGRESS → RESOLVED → IN_PROGRESS → RESOLVED, each step with its history and audit event', async () => {
    const support = b.token('SUPPORT_AGENT');
    const agent = await createStaff(t.sql, 'support-01');
    let f = await b.complaint();
    f = ok(await b.step('acknowledgeFeedback', support, { feedbackId: f.id, expectedVersion: f.version, note: 'Called the customer' }), 'acknowledgeFeedback');
    expect([f.status, f.acknowledgedAt]).toEqual(['ACKNOWLEDGED', '2026-12-01T09:00:00.000Z']);
    f = ok(await b.step('assignFeedback', support, { feedbackId: f.id, expectedVersion: f.version, assigneeId: toGlobalId('StaffMember', agent.id) }, 'AssignFeedbackInput'), 'assignFeedback');
    f = ok(await b.step('startWorkOnFeedback', support, { feedbackId: f.id, expectedVersion: f.version }), 'startWorkOnFeedback');
    f = ok(await b.step('escalateFeedback', support, { feedbackId: f.id, expectedVersion: f.version, note: 'Needs a manager' }), 'escalateFeedback');
    expect([f.status, f.escalationLevel]).toEqual(['IN_PROGRESS', 1]);
    f = ok(await b.step('resolveFeedback', support, { feedbackId: f.id, expectedVersion: f.version, resolution: 'Refunded the double charge', outcome: 'UPHELD' }, 'ResolveFeedbackInput'), 'resolveFeedback');
    expect([f.status, f.resolution, f.resolutionOutcome]).toEqual(['RESOLVED', 'Refunded the double charge', 'UPHELD']);
    f = ok(await b.step('reopenFeedback', support, { feedbackId: f.id, expectedVersion: f.version, note: 'Customer says the refund did not arrive' }), 'reopenFeedback');
    expect([f.status, f.resolvedAt, f.resolution]).toEqual(['IN_PROGRESS', null, null]);
    const res = await b.step('resolveFeedback', support, { feedbackId: f.id, expectedVersion: f.version, resolution: 'Refund traced and paid', outcome: 'UPHELD' }, 'ResolveFeedbackInput');
    f = ok(res, 'resolveFeedback');
    expect(res.body.data.resolveFeedback.feedback.history.map((h: Out) => [h.transition, h.from, h.to, h.actor])).toEqual([
      ['recordFeedback', null, 'OPEN', 'admin-01'],
      ['acknowledgeFeedback', 'OPEN', 'ACKNOWLEDGED', 'support-01'],
      ['assignFeedback', 'ACKNOWLEDGED', 'ACKNOWLEDGED', 'support-01'],
      ['startWorkOnFeedback', 'ACKNOWLEDGED', 'IN_PROGRESS', 'support-01'],
      ['escalateFeedback', 'IN_PROGRESS', 'IN_PROGRESS', 'support-01'],
      ['resolveFeedback', 'IN_PROGRESS', 'RESOLVED', 'support-01'],
      ['reopenFeedback', 'RESOLVED', 'IN_PROGRESS', 'support-01'],
      ['resolveFeedback', 'IN_PROGRESS', 'RESOLVED', 'support-01'],
    ]);
    const audit = (await auditOf(t, b.mine.key)).filter((a) => a.action.startsWith('feedback.') && a.actor_id === 'support-01');
    // Every step at the same instant of the test clock: compare as a list of actions in any order.
    expect(audit.map((a) => a.action).sort()).toEqual([
      'feedback.acknowledged', 'feedback.assigned', 'feedback.escalated', 'feedback.reopened', 'feedback.resolved', 'feedback.resolved', 'feedback.work_started',
    ]);
    // Free text is audited by name only.
    expect(JSON.stringify(audit)).not.toContain('Refunded the double charge');
  });

  it('an illegal step is a userError that changes nothing', async () => {
    const f = await b.complaint();
    const res = await b.step('resolveFeedback', b.admin, { feedbackId: f.id, expectedVersion: f.version, resolution: 'x', outcome: 'UPHELD' }, 'ResolveFeedbackInput');
    expect(res.body.data.resolveFeedback).toEqual({
      feedback: null,
      userErrors: [{ field: ['input'], code: 'INVALID_TRANSITION', message: 'resolveFeedback is not possible from OPEN (only from ACKNOWLEDGED or IN_PROGRESS)' }],
    });
    const reopen = await b.step('reopenFeedback', b.admin, { feedbackId: f.id, expectedVersion: f.version });
    expect(reopen.body.data.reopenFeedback.userErrors[0].code).toBe('INVALID_TRANSITION');
    const row = (await t.sql.query('select status, version from feedback where id = $1', [keyOf(f.id)])).rows[0];
    expect(row).toEqual({ status: 'OPEN', version: f.version });
    expect((await t.sql.query('select count(*)::int as n from feedback_transition where feedback_id = $1', [keyOf(f.id)])).rows[0].n).toBe(1);
  });

  it('a stale version is a CONFLICT; of two overlapping steps on one version, one wins', async () => {
    const f = await b.complaint();
    ok(await b.step('acknowledgeFeedback', b.admin, { feedbackId: f.id, expectedVersion: f.version }), 'acknowledgeFeedback');
    const stale = await b.step('escalateFeedback', b.admin, { feedbackId: f.id, expectedVersion: f.version });
    expect(errorCode(stale)).toBe('CONFLICT');
    const g = await b.complaint();
    const [x, y] = await Promise.all([
      b.step('escalateFeedback', b.admin, { feedbackId: g.id, expectedVersion: g.version }),
      b.step('escalateFeedback', b.admin, { feedbackId: g.id, expectedVersion: g.version }),
    ]);
    expect([errorCode(x), errorCode(y)].sort()).toEqual(['CONFLICT', undefined]);
    expect((await t.sql.query('select escalation_level from feedback where id = $1', [keyOf(g.id)])).rows[0].escalation_level).toBe(1);
  });

  it('assigning to an unknown member of staff, or to whom it is assigned already, is a userError', async () => {
    const f = await b.complaint();
    const unknown = await b.step('assignFeedback', b.admin, { feedbackId: f.id, expectedVersion: f.version, assigneeId: toGlobalId('StaffMember', '00000000-0000-4000-8000-000000000000') }, 'AssignFeedbackInput');
    expect(unknown.body.data.assignFeedback.userErrors[0]).toMatchObject({ field: ['input', 'assigneeId'], code: 'UNKNOWN_STAFF' });
    const same = await b.step('assignFeedback', b.admin, { feedbackId: f.id, expectedVersion: f.version, assigneeId: null }, 'AssignFeedbackInput');
    expect(same.body.data.assignFeedback.userErrors[0].code).toBe('NOTHING_TO_CHANGE');
  });

  it('a relationship manager works complaints in their book only; outside it they do not exist', async () => {
    const mine = await b.complaint(b.mine.id);
    const theirs = await b.complaint(b.theirs.id);
    const rm = b.token('RELATIONSHIP_MANAGER', 'rm-01');
    expect(ok(await b.step('acknowledgeFeedback', rm, { feedbackId: mine.id, expectedVersion: mine.version }), 'acknowledgeFeedback').status).toBe('ACKNOWLEDGED');
    const outside = await b.step('acknowledgeFeedback', rm, { feedbackId: theirs.id, expectedVersion: theirs.version });
    expect(errorCode(outside)).toBe('NOT_FOUND');
    const unknown = await b.step('acknowledgeFeedback', rm, { feedbackId: toGlobalId('Feedback', '00000000-0000-4000-8000-000000000000'), expectedVersion: 1 });
    expect(outside.body.errors[0].message).toBe(unknown.body.errors[0].message);
    // A manager who is also a support agent works any complaint, as support does.
    const both = b.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01');
    expect(ok(await b.step('acknowledgeFeedback', both, { feedbackId: theirs.id, expectedVersion: theirs.version }), 'acknowledgeFeedback').status).toBe('ACKNOWLEDGED');
  });

  it('those who only read feedback may not work it: analyst, compliance officer, partners', async () => {
    const f = await b.complaint();
    const partner = (await createPartnerToken(t, ['feedback:read', 'feedback:write'])).token;
    for (const token of [b.token('RETENTION_ANALYST'), b.token('COMPLIANCE_OFFICER'), partner]) {
      expect(errorCode(await b.step('acknowledgeFeedback', token, { feedbackId: f.id, expectedVersion: f.version }))).toBe('FORBIDDEN');
    }
  });
});

describe('the overdue job', () => {
  it('escalates each complaint past a deadline once, even when two runs overlap on two connections', async () => {
    t.clock.set('2026-12-01T09:00:00Z');
    const late = await Promise.all(Array.from({ length: 5 }, () => b.complaint()));
    const acknowledged = await b.complaint();
    ok(await b.step('acknowledgeFeedback', b.admin, { feedbackId: acknowledged.id, expectedVersion: acknowledged.version }), 'acknowledgeFeedback');
    const survey = await b.recorded({ customerId: b.mine.id, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 1 });
    // Wednesday 2 December, after the acknowledgement deadline (Tuesday + 1 business day) but before resolution's.
    const now = new Date('2026-12-02T09:30:00Z');
    const lateKeys = late.map((f) => keyOf(f.id));

    // Hold one of the complaints so that both runs queue behind it, then let them go together.
    const holder = await t.sql.connect();
    await holder.query('begin');
    await holder.query('select 1 from feedback where id = $1 for update', [lateKeys[0]]);
    const runs = [t.orm.em.fork(), t.orm.em.fork()].map((em) => runOverdueJob({ em, now, config: t.config }));
    await waitForLockWaiters(t, 2);
    await holder.query('commit');
    holder.release();
    const [first, second] = await Promise.all(runs);

    const escalated = [...first, ...second];
    expect(escalated.filter((k) => lateKeys.includes(k)).sort()).toEqual([...lateKeys].sort());
    expect(new Set(escalated).size).toBe(escalated.length);
    const rows = (await t.sql.query(
      `select f.id, f.escalation_level, f.overdue_at,
         (select count(*)::int from audit_event a where a.entity_id = f.id and a.action = 'feedback.overdue_escalated') as audits,
         (select count(*)::int from feedback_transition x where x.feedback_id = f.id and x.transition = 'markOverdue') as steps
       from feedback f where f.id = any($1::uuid[])`,
      [[...lateKeys, keyOf(acknowledged.id), keyOf(survey.id)]],
    )).rows;
    const byKey = new Map(rows.map((r) => [r.id, r]));
    for (const k of lateKeys) expect(byKey.get(k)).toMatchObject({ escalation_level: 1, audits: 1, steps: 1, overdue_at: now });
    expect(byKey.get(keyOf(acknowledged.id))).toMatchObject({ escalation_level: 0, audits: 0, overdue_at: null });
    expect(byKey.get(keyOf(survey.id))).toMatchObject({ escalation_level: 0, audits: 0, overdue_at: null });

    // Running again changes nothing; the acknowledged one becomes overdue when its resolution deadline passes.
    expect(await runOverdueJob({ em: t.orm.em.fork(), now, config: t.config })).toEqual([]);
    const later = await runOverdueJob({ em: t.orm.em.fork(), now: new Date('2026-12-23T09:00:00Z'), config: t.config });
    expect(later).toContain(keyOf(acknowledged.id));
    expect(later).not.toEqual(expect.arrayContaining(lateKeys));
    const shown = await t.gql('query($id: ID!) { node(id: $id) { ... on Feedback { overdue escalationLevel history { transition actor } } } }', {
      token: b.admin, variables: { id: late[1].id },
    });
    expect(shown.body.data.node).toMatchObject({ overdue: true, escalationLevel: 1 });
    expect(shown.body.data.node.history.at(-1)).toEqual({ transition: 'markOverdue', actor: 'system' });
    const overdueList = await t.gql('query($id: ID!) { feedback(first: 100, filter: { overdue: true, customerId: $id }) { edges { node { id } } } }', {
      token: b.admin, variables: { id: b.mine.id },
    });
    expect(overdueList.body.data.feedback.edges.map((e: Out) => e.node.id)).toEqual(expect.arrayContaining(late.map((f) => f.id)));
  });
});

describe('the close job', () => {
  it('closes a complaint resolved more than the configured days ago, unless it was reopened', async () => {
    t.clock.set('2026-12-01T09:00:00Z');
    const resolve = async () => {
      let f = await b.complaint();
      f = ok(await b.step('startWorkOnFeedback', b.admin, { feedbackId: f.id, expectedVersion: f.version }), 'startWorkOnFeedback');
      return ok(await b.step('resolveFeedback', b.admin, { feedbackId: f.id, expectedVersion: f.version, resolution: 'Done', outcome: 'NOT_UPHELD' }, 'ResolveFeedbackInput'), 'resolveFeedback');
    };
    const closes = await resolve();
    const reopened = await resolve();
    ok(await b.step('reopenFeedback', b.admin, { feedbackId: reopened.id, expectedVersion: reopened.version }), 'reopenFeedback');
    const days = t.config.feedback.closeAfterDays;
    const early = new Date(t.clock.now().getTime() + (days - 1) * 86_400_000);
    expect(await runCloseJob({ em: t.orm.em.fork(), now: early, config: t.config })).not.toContain(keyOf(closes.id));
    const due = new Date(t.clock.now().getTime() + days * 86_400_000);
    const closed = await runCloseJob({ em: t.orm.em.fork(), now: due, config: t.config });
    expect(closed).toContain(keyOf(closes.id));
    expect(closed).not.toContain(keyOf(reopened.id));
    expect(await runCloseJob({ em: t.orm.em.fork(), now: due, config: t.config })).toEqual([]);
    const row = (await t.sql.query('select status, closed_at from feedback where id = $1', [keyOf(closes.id)])).rows[0];
    expect(row).toEqual({ status: 'CLOSED', closed_at: due });
    const reopen = await b.step('reopenFeedback', b.admin, { feedbackId: closes.id, expectedVersion: closes.version + 1 });
    expect(reopen.body.data.reopenFeedback.userErrors[0].code).toBe('INVALID_TRANSITION');
  });
});
