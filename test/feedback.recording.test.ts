// Recording feedback and importing survey responses: who may, what is checked, what is stored (the
// text analysis's own answer for the same text), and what a hostile caller gets.
import { parseGlobalId, toGlobalId } from '../src/graphql/relay';
import { addBusinessDays } from '../src/modules/feedback/business-days';
import { analyseText } from '../src/modules/feedback/text';
import { createTestApp, type TestApp } from './support/app';
import { auditOf, errorCode, FeedbackBank } from './support/feedback';
import { createPartnerToken } from './support/partners';

let t: TestApp;
let b: FeedbackBank;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-03T10:00:00Z');
  b = await new FeedbackBank(t).setup();
});
afterAll(async () => {
  await t?.close();
});

const keyOf = (id: string) => parseGlobalId(id)!.key;

describe('recordFeedback', () => {
  it('a relationship manager records feedback for a customer in their book; the analysis is what analyseText says', async () => {
    const text = 'The app keeps logging me out and the fees are too high.';
    const res = await b.record(b.token('RELATIONSHIP_MANAGER', 'rm-01'), { customerId: b.mine.id, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 3, text });
    expect(res.body.errors).toBeUndefined();
    const f = res.body.data.recordFeedback.feedback;
    const expected = analyseText(text, { extraTopics: t.config.feedback.extraTopics });
    expect(f).toMatchObject({ kind: 'SATISFACTION_SURVEY', nps: 3, text, status: 'OPEN', language: expected.language, sentimentLabel: expected.sentiment.label, topics: expected.topics });
    expect(f.sentimentScore).toBeCloseTo(expected.sentiment.score, 4);
    expect(f.acknowledgeBy).toBeNull();
    const audit = await auditOf(t, b.mine.key);
    expect(audit.at(-1)).toMatchObject({ action: 'feedback.received', actor_id: 'rm-01' });
    // The customer's words are recorded in the audit trail by name only.
    expect(JSON.stringify(audit.at(-1)!.changes)).not.toContain('logging me out');
  });

  it('a Chinese text is stored with the language the analysis detects, and a given language is kept', async () => {
    const text = '手机银行一直闪退，手续费也太高了。';
    const f = await b.recorded({ customerId: b.mine.id, kind: 'SUGGESTION', channel: 'APP_REVIEW', text });
    const expected = analyseText(text, { extraTopics: t.config.feedback.extraTopics });
    expect([f.language, f.sentimentLabel, f.topics]).toEqual([expected.language, expected.sentiment.label, expected.topics]);
    const given = await b.recorded({ customerId: b.mine.id, kind: 'SUGGESTION', channel: 'CHAT', text: 'ok 好', language: 'en' });
    expect(given.language).toBe(analyseText('ok 好', { language: 'en' }).language);
  });

  it('a relationship manager recording for a customer outside their book gets NOT_FOUND, as for an unknown customer', async () => {
    const rm = b.token('RELATIONSHIP_MANAGER', 'rm-01');
    const outside = await b.record(rm, { customerId: b.theirs.id, kind: 'COMPLAINT', channel: 'PHONE', text: 'x' });
    expect(errorCode(outside)).toBe('NOT_FOUND');
    const unknown = await b.record(rm, { customerId: 'Q3VzdG9tZXI6MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw', kind: 'COMPLAINT', channel: 'PHONE', text: 'x' });
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    expect(outside.body.errors[0].message).toBe(unknown.body.errors[0].message);
    expect((await t.sql.query('select count(*)::int as n from feedback where customer_id = $1', [b.theirs.key])).rows[0].n).toBe(0);
  });

  it('a partner with feedback:write records; one with only feedback:read is FORBIDDEN', async () => {
    const writer = (await createPartnerToken(t, ['feedback:write', 'feedback:read'])).token;
    const writeOnly = (await createPartnerToken(t, ['feedback:write'])).token;
    const reader = (await createPartnerToken(t, ['feedback:read'])).token;
    const input = { customerId: b.theirs.id, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', csat: 4 };
    const ok = await b.record(writer, input);
    expect(ok.body.data.recordFeedback.feedback.csat).toBe(4);
    // Without feedback:read the partner records but does not read back what it wrote.
    const blind = await b.record(writeOnly, input);
    expect(blind.body.data.recordFeedback).toEqual({ feedback: null, userErrors: [] });
    const refused = await b.record(reader, input);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(refused.body.data?.recordFeedback ?? null).toBeNull();
  });

  it('roles without the right to record are refused: retention analyst, compliance officer', async () => {
    for (const role of ['RETENTION_ANALYST', 'COMPLIANCE_OFFICER'] as const) {
      expect(errorCode(await b.record(b.token(role), { customerId: b.mine.id, kind: 'COMPLIMENT', channel: 'BRANCH', text: 'Nice' }))).toBe('FORBIDDEN');
    }
    expect(errorCode(await b.record('', { customerId: b.mine.id, kind: 'COMPLIMENT', channel: 'BRANCH', text: 'Nice' }))).toBe('UNAUTHENTICATED');
  });

  it('combined roles: a relationship manager who is also a support agent records for any customer, as support does', async () => {
    const both = b.token(['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], 'rm-01');
    const res = await b.record(both, { customerId: b.theirs.id, kind: 'SUPPORT_REQUEST', channel: 'CHAT', text: 'Need a new card' });
    expect(res.body.data.recordFeedback.feedback.kind).toBe('SUPPORT_REQUEST');
    // An analyst who is also a manager records in the book only (only the manager role grants it).
    const analystRm = b.token(['RETENTION_ANALYST', 'RELATIONSHIP_MANAGER'], 'rm-01');
    expect(errorCode(await b.record(analystRm, { customerId: b.theirs.id, kind: 'SUPPORT_REQUEST', channel: 'CHAT', text: 'x' }))).toBe('FORBIDDEN');
    expect((await b.record(analystRm, { customerId: b.mine.id, kind: 'SUPPORT_REQUEST', channel: 'CHAT', text: 'x' })).body.data.recordFeedback.userErrors).toEqual([]);
  });

  it('an NPS of 11 is a userError naming input.nps, and nothing is written', async () => {
    const before = (await t.sql.query('select count(*)::int as n from feedback')).rows[0].n;
    const res = await b.record(b.admin, { customerId: b.mine.id, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', nps: 11 });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.recordFeedback.feedback).toBeNull();
    expect(res.body.data.recordFeedback.userErrors).toEqual([expect.objectContaining({ field: ['input', 'nps'], code: 'INVALID' })]);
    const csat = await b.record(b.admin, { customerId: b.mine.id, kind: 'SATISFACTION_SURVEY', channel: 'SURVEY', csat: 0, nps: -1 });
    expect(csat.body.data.recordFeedback.userErrors.map((e: { field: string[] }) => e.field.join('.')).sort()).toEqual(['input.csat', 'input.nps']);
    expect((await t.sql.query('select count(*)::int as n from feedback')).rows[0].n).toBe(before);
  });

  it('refuses empty feedback, a text over the configured length and a time in the future', async () => {
    const base = { customerId: b.mine.id, kind: 'SUGGESTION', channel: 'EMAIL' };
    const empty = await b.record(b.admin, { ...base, text: '   ' });
    expect(empty.body.data.recordFeedback.userErrors[0]).toMatchObject({ code: 'EMPTY_FEEDBACK' });
    const long = await b.record(b.admin, { ...base, text: 'a'.repeat(t.config.feedback.textMaxLength + 1) });
    expect(long.body.data.recordFeedback.userErrors[0]).toMatchObject({ field: ['input', 'text'], code: 'TEXT_TOO_LONG' });
    const future = await b.record(b.admin, { ...base, text: 'x', receivedAt: '2026-12-03T11:00:00Z' });
    expect(future.body.data.recordFeedback.userErrors[0]).toMatchObject({ field: ['input', 'receivedAt'], code: 'IN_THE_FUTURE' });
    const language = await b.record(b.admin, { ...base, text: 'x', language: 'fr' });
    expect(language.body.data.recordFeedback.userErrors[0]).toMatchObject({ field: ['input', 'language'] });
  });

  it('a complaint gets its deadlines in business days from when it was received', async () => {
    // Friday 4 December 2026, 17:30 in Amsterdam.
    t.clock.set('2026-12-07T09:00:00Z');
    const f = await b.complaint(b.mine.id, { severity: 'HIGH', receivedAt: '2026-12-04T16:30:00Z' });
    const cal = { timeZone: t.config.feedback.bankTimeZone, holidays: t.config.feedback.bankHolidays };
    const received = new Date('2026-12-04T16:30:00Z');
    expect(f.acknowledgeBy).toBe(addBusinessDays(received, t.config.feedback.acknowledgeDays.HIGH, cal).toISOString());
    expect(f.resolveBy).toBe(addBusinessDays(received, t.config.feedback.resolveDays.HIGH, cal).toISOString());
    expect(f.acknowledgeBy).toBe('2026-12-07T16:30:00.000Z');
    t.clock.set('2026-12-03T10:00:00Z');
  });

  it('hostile strings are stored as sent and come back unchanged; NUL is refused before anything runs', async () => {
    const texts = [
      "'); drop table feedback; --",
      '<script>alert(1)</script>',
      'عميل غاضب \u202e spoof',
      '💳🔥 emoji and 𝕌𝕟𝕚𝕔𝕠𝕕𝕖',
      '%s %n {{7*7}} ${process.env}',
    ];
    for (const text of texts) {
      const f = await b.recorded({ customerId: b.mine.id, kind: 'SUGGESTION', channel: 'SOCIAL', text });
      expect(f.text).toBe(text);
      expect(f.topics).toEqual(analyseText(text, { extraTopics: t.config.feedback.extraTopics }).topics);
    }
    const nul = await b.record(b.admin, { customerId: b.mine.id, kind: 'SUGGESTION', channel: 'SOCIAL', text: 'a\u0000b' });
    expect(errorCode(nul)).toBe('BAD_USER_INPUT');
    const wrongType = await b.record(b.admin, { customerId: toGlobalId('Account', b.mine.key), kind: 'SUGGESTION', channel: 'SOCIAL', text: 'x' });
    expect(errorCode(wrongType)).toBe('NOT_FOUND');
  });

  it('an external id is recorded once per channel', async () => {
    const input = { customerId: b.mine.id, kind: 'COMPLIMENT', channel: 'EMAIL', text: 'Thanks', externalId: 'mail-1' };
    await b.recorded(input);
    const again = await b.record(b.admin, input);
    expect(again.body.data.recordFeedback.userErrors).toEqual([expect.objectContaining({ field: ['input', 'externalId'], code: 'EXTERNAL_ID_TAKEN' })]);
    expect((await b.record(b.admin, { ...input, channel: 'CHAT' })).body.data.recordFeedback.userErrors).toEqual([]);
  });
});

describe('importSurveyResponses', () => {
  const item = (i: number, ref = b.mine.externalRef, extra: Record<string, unknown> = {}) => ({
    externalId: `survey-${i}`, customerExternalRef: ref, nps: i % 11, text: i % 2 ? `Response number ${i}` : undefined, receivedAt: '2026-12-01T10:00:00Z', ...extra,
  });
  const count = async () => (await t.sql.query(`select count(*)::int as n from feedback where external_id like 'survey-%'`)).rows[0].n;

  it('records a batch with its history and audit events, and a replay changes nothing', async () => {
    const writer = (await createPartnerToken(t, ['feedback:write'])).token;
    const items = [item(1), item(2), item(3, b.theirs.externalRef)];
    const first = await b.importResponses(writer, items);
    expect(first.body.data.importSurveyResponses).toEqual({ recorded: 3, unchanged: 0, userErrors: [] });
    const rows = (await t.sql.query(`select f.id, f.text, f.language, f.sentiment_label, f.topics, f.status,
        (select count(*)::int from feedback_transition t where t.feedback_id = f.id) as steps,
        (select count(*)::int from audit_event a where a.entity_id = f.id and a.action = 'feedback.received') as audits
      from feedback f where external_id in ('survey-1', 'survey-2', 'survey-3') order by external_id`)).rows;
    expect(rows.map((r) => [r.steps, r.audits, r.status])).toEqual([[1, 1, 'OPEN'], [1, 1, 'OPEN'], [1, 1, 'OPEN']]);
    const expected = analyseText('Response number 1', { extraTopics: t.config.feedback.extraTopics });
    expect([rows[0].language, rows[0].sentiment_label, rows[0].topics]).toEqual([expected.language, expected.sentiment.label, expected.topics]);
    expect(rows[1].text).toBeNull();

    const replay = await b.importResponses(writer, [...items, item(4)]);
    expect(replay.body.data.importSurveyResponses).toEqual({ recorded: 1, unchanged: 3, userErrors: [] });
    expect(await count()).toBe(4);
  });

  it('a batch of 1,001 responses is refused whole with a clear error, and nothing is written', async () => {
    const before = await count();
    const items = Array.from({ length: 1001 }, (_, i) => item(1000 + i));
    const res = await b.importResponses(b.admin, items);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.importSurveyResponses).toEqual({
      recorded: 0, unchanged: 0,
      userErrors: [{ field: ['input', 'items'], code: 'TOO_MANY_ITEMS', message: 'An import holds at most 1000 responses; got 1001' }],
    });
    expect(await count()).toBe(before);
    // 1,000 is accepted.
    const ok = await b.importResponses(b.admin, items.slice(0, 1000));
    expect(ok.body.data.importSurveyResponses).toMatchObject({ recorded: 1000, userErrors: [] });
  });

  it('one bad item refuses the whole batch, each problem with its item\'s path', async () => {
    const before = await count();
    const res = await b.importResponses(b.admin, [item(5000), item(5001, 'NO-SUCH-REF'), item(5002, undefined, { nps: 11 }), item(5000)]);
    const errors = res.body.data.importSurveyResponses.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code]);
    expect(errors).toEqual(expect.arrayContaining([['input.items.2.nps', 'INVALID']]));
    const semantic = await b.importResponses(b.admin, [item(5000), item(5001, 'NO-SUCH-REF'), item(5000)]);
    expect(semantic.body.data.importSurveyResponses.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
      ['input.items.1.customerExternalRef', 'UNKNOWN_CUSTOMER'],
      ['input.items.2.externalId', 'DUPLICATE_KEY'],
    ]);
    expect(await count()).toBe(before);
  });

  it('a relationship manager imports for their book only: a customer outside it is unknown', async () => {
    const rm = b.token('RELATIONSHIP_MANAGER', 'rm-01');
    const res = await b.importResponses(rm, [item(6000), item(6001, b.theirs.externalRef)]);
    expect(res.body.data.importSurveyResponses.userErrors).toEqual([expect.objectContaining({ field: ['input', 'items', '1', 'customerExternalRef'], code: 'UNKNOWN_CUSTOMER' })]);
    expect((await b.importResponses(rm, [item(6000)])).body.data.importSurveyResponses.recorded).toBe(1);
    const reader = (await createPartnerToken(t, ['feedback:read'])).token;
    expect(errorCode(await b.importResponses(reader, [item(6002)]))).toBe('FORBIDDEN');
  });

  it('two imports racing with the same responses record each once', async () => {
    const items = Array.from({ length: 50 }, (_, i) => item(7000 + i));
    const [x, y] = await Promise.all([b.importResponses(b.admin, items), b.importResponses(b.admin, items)]);
    const results = [x.body.data.importSurveyResponses, y.body.data.importSurveyResponses];
    expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
    expect(results[0].recorded + results[1].recorded).toBe(50);
    expect((await t.sql.query(`select count(*)::int as n from feedback where external_id like 'survey-7%'`)).rows[0].n).toBe(50);
    expect((await t.sql.query(`select count(*)::int as n from audit_event a join feedback f on f.id = a.entity_id where f.external_id like 'survey-7%'`)).rows[0].n).toBe(50);
  });
});

describe('exit interviews', () => {
  it('without an open offboarding case an exit interview is a userError; with one it attaches and shows on the case', async () => {
    const c = await b.customer();
    const input = { customerId: c.id, kind: 'EXIT_INTERVIEW', channel: 'PHONE', nps: 2, text: 'Moving to another bank for lower fees.' };
    const refused = await b.record(b.admin, input);
    expect(refused.body.data.recordFeedback.userErrors).toEqual([expect.objectContaining({ field: ['input', 'kind'], code: 'NO_OPEN_CASE' })]);

    const started = await t.gql(
      'mutation($input: StartOffboardingInput!) { startOffboarding(input: $input) { offboardingCase { id } userErrors { code message } } }',
      { token: b.admin, variables: { input: { customerId: c.id, initiatedBy: 'CUSTOMER', reason: 'FEES' } } },
    );
    const caseId = started.body.data.startOffboarding.offboardingCase.id;
    const f = await b.recorded(input);
    const q = 'query($id: ID!) { offboardingCase(id: $id) { exitInterview { id nps text kind } } }';
    const seen = await t.gql(q, { token: b.token('SUPPORT_AGENT'), variables: { id: caseId } });
    expect(seen.body.data.offboardingCase.exitInterview).toEqual({ id: f.id, nps: 2, text: input.text, kind: 'EXIT_INTERVIEW' });
    expect((await t.sql.query('select offboarding_case_id from feedback where id = $1', [keyOf(f.id)])).rows[0].offboarding_case_id).toBe(keyOf(caseId));
    // A compliance officer reads both cases and feedback; a partner with offboarding:read only does not see the interview.
    expect((await t.gql(q, { token: b.token('COMPLIANCE_OFFICER'), variables: { id: caseId } })).body.data.offboardingCase.exitInterview.id).toBe(f.id);
    const partner = (await createPartnerToken(t, ['offboarding:read'])).token;
    expect(errorCode(await t.gql(q, { token: partner, variables: { id: caseId } }))).toBe('FORBIDDEN');
  });
});

describe('an anonymised customer', () => {
  it('gets no feedback recorded or imported: their words would be personal data again', async () => {
    const gone = await b.customer();
    await t.sql.query(`update customer set anonymised_at = now() where id = $1`, [gone.key]);
    const res = await b.record(b.admin, { customerId: gone.id, kind: 'COMPLAINT', channel: 'PHONE', text: 'I am Jane Doe' });
    expect(res.body.data.recordFeedback.userErrors).toEqual([expect.objectContaining({ field: ['input', 'customerId'], code: 'ANONYMISED' })]);
    const imported = await b.importResponses(b.admin, [{ externalId: 'anon-1', customerExternalRef: gone.externalRef, nps: 3 }]);
    expect(imported.body.data.importSurveyResponses.userErrors).toEqual([expect.objectContaining({ code: 'ANONYMISED' })]);
    const { rows } = await t.sql.query('select count(*)::int as n from feedback where customer_id = $1', [gone.key]);
    expect(rows[0].n).toBe(0);
  });
});
