// Every domain event Keel raises is declared by a module (contributes.events), so that consumers can
// rely on the list; and loyalty raises points.posted once per posting, never for a replay.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PublishedEvent } from '../src/events/bus';
import { relayOnce } from '../src/events/relay';
import { contributionsOf } from '../src/module';
import { defaultModules } from '../src/modules';
import { createTestApp, type TestApp } from './support/app';
import { Loyalty } from './support/loyalty';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

it('every event type raised in the code is declared by a module', () => {
  const declared = new Set(contributionsOf(defaultModules, 'events').map((e) => e.type));
  const raised = new Set<string>();
  for (const file of sources(path.join(__dirname, '..', 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/raiseEvent\([^)]*?type: '([a-z_.]+)'/gs)) raised.add(m[1]);
    for (const m of text.matchAll(/insert into domain_event[^;]*?gen_random_uuid\(\), '([a-z_.]+)'/gs)) raised.add(m[1]);
    for (const m of text.matchAll(/\('([a-z_]+\.[a-z_]+)', jsonb_build_object/g)) raised.add(m[1]);
  }
  expect(raised.size).toBeGreaterThanOrEqual(10);
  expect([...raised].filter((type) => !declared.has(type))).toEqual([]);
});

describe('loyalty', () => {
  let t: TestApp;
  let l: Loyalty;
  beforeAll(async () => {
    t = await createTestApp();
    l = await new Loyalty(t).setup();
  });
  afterAll(async () => {
    await t?.close();
  });
  const published = async () => {
    const out: PublishedEvent[] = [];
    while ((await relayOnce(t.orm.em, t.clock.now(), async (events) => void out.push(...events))) > 0);
    return out;
  };

  it('a posting raises points.posted once, with the balance after it; a replay raises nothing', async () => {
    const m = await l.member();
    await published();
    const key = randomUUID();
    const earned = await l.ok('earnPoints', { accountId: m.accountId, amount: 40, idempotencyKey: key });
    await l.ok('earnPoints', { accountId: m.accountId, amount: 40, idempotencyKey: key });
    await l.ok('redeemPoints', { accountId: m.accountId, amount: 15, idempotencyKey: randomUUID() });
    const events = (await published()).filter((e) => e.type === 'points.posted');
    expect(events.map((e) => [e.payload.kind, e.payload.delta, e.payload.balance])).toEqual([['EARN', 40, 40], ['REDEEM', -15, 25]]);
    expect(events[0]).toMatchObject({ customerKey: m.customerKey, payload: { entryId: earned.entry.id, accountId: m.accountId, customerId: m.customerId } });
  });
});
