// segment.refreshed: raised through the outbox once per refresh of a dynamic segment (on creation, a rule
// change, refreshSegment and the nightly job), with the segment's global id, its member count and how
// many joined and left; never for a static segment or a refused refresh.
import { contributionsOf } from '../src/module';
import { defaultModules } from '../src/modules';
import { SEGMENT_REFRESH_JOB } from '../src/modules/segments';
import { createTestApp, type TestApp } from './support/app';
import { createCustomer } from './support/factories';
import { staffToken } from './support/tokens';

let t: TestApp;
const analyst = () => staffToken(t.config, 'RETENTION_ANALYST', undefined, t.clock.now());
const SEGMENT = 'segment { id version memberCount } userErrors { code }';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function refreshedEvents(segmentId: string) {
  const { rows } = await t.sql.query(`select payload, customer_id, occurred_at from domain_event where type = 'segment.refreshed' and payload->>'segmentId' = $1 order by occurred_at, id`, [segmentId]);
  return rows as { payload: Record<string, unknown>; customer_id: string | null }[];
}

it('is declared by segments', () => {
  const declared = contributionsOf(defaultModules, 'events').find((e) => e.type === 'segment.refreshed');
  expect(declared?.payload).toEqual(expect.objectContaining({ segmentId: expect.any(String), memberCount: expect.any(String), joined: expect.any(String), left: expect.any(String) }));
});

it('is raised once per refresh, with the member count, joined and left', async () => {
  const region = `Fjord-${Date.now()}`;
  const a = await createCustomer(t.sql);
  const b = await createCustomer(t.sql);
  await t.sql.query('update customer set region = $1 where id = any($2::uuid[])', [region, [a.id, b.id]]);
  const rule = { condition: { field: 'customers.region', operator: 'EQ', value: { text: region } } };
  const created = await t.gql(`mutation($input: CreateSegmentInput!) { createSegment(input: $input) { ${SEGMENT} } }`, {
    token: analyst(), variables: { input: { name: `Fjord ${Date.now()}`, rule } },
  });
  const seg = created.body.data.createSegment.segment;
  expect(await refreshedEvents(seg.id)).toEqual([expect.objectContaining({ payload: expect.objectContaining({ segmentId: seg.id, memberCount: 2, joined: 2, left: 0 }), customer_id: null })]);

  // One leaves, one joins: the next refresh says so, in one more event.
  t.clock.advance(60_000);
  const c = await createCustomer(t.sql);
  await t.sql.query('update customer set region = $1 where id = $2', [region, c.id]);
  await t.sql.query(`update customer set region = 'Elsewhere' where id = $1`, [a.id]);
  const refreshed = await t.gql(`mutation($input: RefreshSegmentInput!) { refreshSegment(input: $input) { ${SEGMENT} } }`, { token: analyst(), variables: { input: { id: seg.id } } });
  expect(refreshed.body.data.refreshSegment.userErrors).toEqual([]);
  const events = await refreshedEvents(seg.id);
  expect(events).toHaveLength(2);
  expect(events[1].payload).toMatchObject({ segmentId: seg.id, memberCount: 2, joined: 1, left: 1 });

  // The nightly job refreshes every dynamic segment: one more event for this one.
  t.clock.advance(60_000);
  const job = defaultModules.flatMap((m) => m.jobs ?? []).find((j) => j.name === SEGMENT_REFRESH_JOB)!;
  await job.run({ em: t.orm.em.fork(), now: t.clock.now(), config: t.config, modules: defaultModules });
  const afterJob = await refreshedEvents(seg.id);
  expect(afterJob).toHaveLength(3);
  expect(afterJob[2].payload).toMatchObject({ memberCount: 2, joined: 0, left: 0 });
});

it('is not raised for a static segment, nor by a refused refresh', async () => {
  const created = await t.gql(`mutation($input: CreateSegmentInput!) { createSegment(input: $input) { ${SEGMENT} } }`, {
    token: analyst(), variables: { input: { name: `Hand-picked ${Date.now()}` } },
  });
  const seg = created.body.data.createSegment.segment;
  const refused = await t.gql(`mutation($input: RefreshSegmentInput!) { refreshSegment(input: $input) { ${SEGMENT} } }`, { token: analyst(), variables: { input: { id: seg.id } } });
  expect(refused.body.data.refreshSegment.userErrors).toEqual([{ code: 'NOT_DYNAMIC' }]);
  expect(await refreshedEvents(seg.id)).toEqual([]);
});
