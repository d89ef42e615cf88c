// Writes on segments: create, change, refresh a rule's membership, and hand-picked members. Membership
// is written by set-based SQL only (one statement per refresh or batch), never a row loop here.
import { LockMode, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { type AuditActor, diffFields, recordAudit } from '../../audit/audit.writer';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { conflict, DomainError, invalid, notFound, problem, type Problem } from '../../domain/errors';
import type { CustomerAttribute } from '../../module';
import { attributeReader, planForEveryCustomer } from '../../domain/attribute-reader';
import { toGlobalId } from '../../domain/ids';
import { raiseEvent } from '../../events/outbox';
import { SEGMENT_REFRESHED } from './segment.events';
import { Segment, SegmentKind } from './segment.entity';
import { SegmentErrorCode as E, refuse } from './segment.errors';
import { checkRule, compileRule, fieldsOf, type RuleInput, type StoredRule } from './segment.rule';

export interface SegmentDeps extends ServiceDeps {
  /** The rule fields of this deployment (every module's contributed customer attributes). */
  attributes: CustomerAttribute[];
}

export interface SegmentChanges {
  name?: string;
  description?: string | null;
  rule?: RuleInput | null;
}

/** The rule checked against the fields the viewer may use, or every problem as userErrors. */
export function checkedRule(deps: SegmentDeps, input: RuleInput, path = ['input', 'rule']): StoredRule {
  const { rule, problems } = checkRule(input, deps.attributes, deps.viewer, path);
  if (problems.length) invalid(problems);
  return rule!;
}

async function inTransaction<T>(deps: ServiceDeps, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await deps.em.transactional(fn);
  } catch (err) {
    if (err instanceof OptimisticLockError) conflict('Someone else changed this segment while you were saving; read it again');
    if (err instanceof UniqueConstraintViolationException) refuse(E.NAME_TAKEN, 'Another segment has this name', ['input', 'name']);
    throw err;
  }
}

async function lockSegment(em: EntityManager, key: string): Promise<Segment> {
  const s = await em.findOne(Segment, { id: key }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!s) notFound('Segment');
  return s;
}

async function assertNameFree(em: EntityManager, name: string, except: string | null): Promise<void> {
  const q = db(em)('segment').whereRaw('lower(name) = lower(?)', [name]);
  if (except) q.whereNot('id', except);
  const taken = await q.first('id');
  if (taken) refuse(E.NAME_TAKEN, 'Another segment has this name', ['input', 'name']);
}

const db = (em: EntityManager): Knex => (em.getTransactionContext() ?? em.getKnex()) as Knex;

/** The memory a refresh's statement may use per hash or sort: a group's aggregate takes about 200 bytes per customer (PostgreSQL spills to disk beyond it). */
export const REFRESH_WORK_MEM = '512MB';

/**
 * Recomputes a dynamic segment's membership from its rule in ONE statement: customers the rule no
 * longer selects leave (left_at set), newly selected ones join, and the segment's count and refresh
 * time are set. Returns the count before and after and how many joined and left.
 */
export async function refreshMembership(
  em: EntityManager,
  actor: AuditActor,
  segment: Segment,
  attributes: CustomerAttribute[],
): Promise<{ before: number; after: number; joined: number; left: number }> {
  const known = new Set(attributes.map((a) => a.name));
  const gone = fieldsOf(segment.rule!).filter((f) => !known.has(f));
  if (gone.length) refuse(E.RULE_FIELD_GONE, `The rule uses fields no module offers any more: ${gone.join(', ')}`, ['input', 'id']);
  const knex = db(em);
  const now = actor.now;
  // A refresh reads every customer: attributes with a set-based form read it (each group's query joined
  // once, one pass over its source) rather than a subquery per customer, and the rule is evaluated once.
  await planForEveryCustomer(knex, REFRESH_WORK_MEM);
  const target = knex('customer as c').select('c.id');
  target.whereRaw('?', [compileRule(knex, segment.rule!, attributes, now, attributeReader(knex, target, now, { set: true }))]);
  // Joiners and leavers in one pass: the rule's customers against the open memberships. A full join is
  // only ever planned as a hash or merge join, so the statement stays linear whatever the planner believes
  // about the size of either side (a nested loop over a membership table it thinks empty would not be).
  const rows = await knex.raw(
    `with target as materialized (?),
     held as (select m.id, m.customer_id from segment_membership m where m.segment_id = ?::uuid and m.left_at is null),
     diff as materialized (
       select t.id as joiner, h.id as leaver from target t full join held h on h.customer_id = t.id
        where t.id is null or h.id is null
     ),
     closed as (
       update segment_membership m set left_at = ?::timestamptz
         from diff d
        where m.id = d.leaver and m.left_at is null
       returning m.customer_id
     ),
     opened as (
       insert into segment_membership (segment_id, customer_id, joined_at)
       select ?::uuid, d.joiner, ?::timestamptz from diff d where d.joiner is not null
       returning customer_id
     )
     update segment s set member_count = (select count(*) from target), refreshed_at = ?::timestamptz, updated_at = ?::timestamptz
     where s.id = ?::uuid
     returning (select member_count from segment where id = ?::uuid) as before, s.member_count as after,
       (select count(*) from opened)::int as joined, (select count(*) from closed)::int as left`,
    [target, segment.id, now, segment.id, now, now, now, segment.id, segment.id],
  );
  const r = rows.rows[0] as { before: number; after: number; joined: number; left: number };
  return r;
}

/** The refresh's audit event and its domain event (segment.refreshed), both in the refresh's transaction. */
function auditRefresh(em: EntityManager, actor: AuditActor, segmentKey: string, r: { before: number; after: number; joined: number; left: number }): void {
  raiseEvent(em, actor, {
    type: SEGMENT_REFRESHED,
    payload: { segmentId: toGlobalId('Segment', segmentKey), memberCount: r.after, joined: r.joined, left: r.left, at: actor.now.toISOString() },
  });
  recordAudit(em, actor, {
    action: 'segment.refreshed',
    entityType: 'Segment',
    entityId: segmentKey,
    changes: [{ field: 'memberCount', old: r.before, new: r.after }, { field: 'joined', old: null, new: r.joined }, { field: 'left', old: null, new: r.left }],
  });
}

export async function createSegment(deps: SegmentDeps, input: { name: string; description?: string | null; rule?: RuleInput | null }): Promise<string> {
  const rule = input.rule ? checkedRule(deps, input.rule) : null;
  const name = input.name.trim();
  if (!name) refuse(E.INVALID, 'A segment needs a name', ['input', 'name']);
  return inTransaction(deps, async (em) => {
    await assertNameFree(em, name, null);
    const segment = em.create(Segment, {
      createdAt: deps.now,
      updatedAt: deps.now,
      name,
      description: input.description?.trim() || null,
      kind: rule ? SegmentKind.DYNAMIC : SegmentKind.STATIC,
      rule,
      ownerId: actorOf(deps.viewer).id,
    });
    recordAudit(em, deps, {
      action: 'segment.created',
      entityType: 'Segment',
      entityId: segment.id,
      changes: diffFields({}, { name: segment.name, description: segment.description, kind: segment.kind, rule }),
    });
    await em.flush();
    if (rule) {
      auditRefresh(em, deps, segment.id, await refreshMembership(em, deps, segment, deps.attributes));
      await em.flush();
    }
    return segment.id;
  });
}

export async function updateSegment(deps: SegmentDeps, key: string, version: number, changes: SegmentChanges): Promise<string> {
  const rule = changes.rule ? checkedRule(deps, changes.rule) : null;
  const name = changes.name?.trim();
  if (changes.name !== undefined && changes.name !== null && !name) refuse(E.INVALID, 'A segment needs a name', ['input', 'name']);
  return inTransaction(deps, async (em) => {
    const segment = await lockSegment(em, key);
    if (segment.version !== version) conflict('Someone else changed this segment while you were saving; read it again');
    if (rule && segment.kind !== SegmentKind.DYNAMIC) refuse(E.NOT_DYNAMIC, 'A STATIC segment has no rule; its members are added by hand', ['input', 'rule']);
    if (name) await assertNameFree(em, name, key);
    const before = { name: segment.name, description: segment.description ?? null, rule: segment.rule ?? null };
    if (name) segment.name = name;
    if (changes.description !== undefined && changes.description !== null) segment.description = changes.description.trim() || null;
    if (rule) segment.rule = rule;
    const diff = diffFields(before, { name: segment.name, description: segment.description ?? null, rule: segment.rule ?? null });
    if (diff.length === 0) return key;
    segment.updatedAt = deps.now;
    recordAudit(em, deps, { action: 'segment.updated', entityType: 'Segment', entityId: key, changes: diff });
    await em.flush();
    if (rule) {
      auditRefresh(em, deps, key, await refreshMembership(em, deps, segment, deps.attributes));
      await em.flush();
    }
    return key;
  });
}

/** Recomputes a dynamic segment from its rule now. */
export async function refreshSegment(deps: SegmentDeps, key: string): Promise<string> {
  return inTransaction(deps, async (em) => {
    const segment = await lockSegment(em, key);
    if (segment.kind !== SegmentKind.DYNAMIC) refuse(E.NOT_DYNAMIC, 'Only a DYNAMIC segment is computed from a rule', ['input', 'id']);
    auditRefresh(em, deps, key, await refreshMembership(em, deps, segment, deps.attributes));
    await em.flush();
    return key;
  });
}

/**
 * Segments the nightly refresh computes side by side, each in its own transaction on its own connection:
 * PostgreSQL runs a statement that writes on one core, and segments are independent of one another.
 */
export const REFRESH_PARALLELISM = 2;

/** The nightly refresh of every dynamic segment, each in its own transaction, as the system. */
export async function refreshAllSegments(
  deps: { em: EntityManager; now: Date; attributes: CustomerAttribute[] }, parallelism = REFRESH_PARALLELISM,
): Promise<{ refreshed: number; failed: string[] }> {
  const ids = ((await deps.em.getKnex()('segment').select('id').where('kind', SegmentKind.DYNAMIC).orderBy('id')) as { id: string }[]).map((r) => r.id);
  const queue = [...ids];
  const failed: string[] = [];
  const broken: { id: string; error: unknown }[] = [];
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      try {
        await refreshSegment({ em: deps.em.fork(), viewer: null, requestId: null, now: deps.now, attributes: deps.attributes } as unknown as SegmentDeps, id);
      } catch (err) {
        // A segment its rule no longer fits (a field that no module offers any more) is left as it was and
        // reported; anything else (a timeout, a lost connection) fails the job once the others are done, so
        // that the queue retries it and nobody reads a night that failed as one that ran.
        if (err instanceof DomainError) failed.push(id);
        else broken.push({ id, error: err });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallelism, ids.length)) }, worker));
  if (broken.length) {
    const first = broken[0].error instanceof Error ? broken[0].error.message : String(broken[0].error);
    throw new Error(`${broken.length} segment(s) could not be refreshed (${broken.map((b) => b.id).sort().join(', ')}): ${first}`);
  }
  return { refreshed: ids.length - failed.length, failed: failed.sort() };
}

/** Customer keys of a batch: unknown ids (null keys, or customers that do not exist) are problems at their index. */
async function checkCustomers(em: EntityManager, keys: (string | null)[]): Promise<string[]> {
  const given = keys.filter((k): k is string => k !== null);
  const found = new Set(
    ((await db(em)('customer').select('id').whereIn('id', [...new Set(given)])) as { id: string }[]).map((r) => r.id),
  );
  const problems: Problem[] = keys.flatMap((k, i) =>
    k !== null && found.has(k) ? [] : [problem(['input', 'customerIds', String(i)], E.UNKNOWN_CUSTOMERS, 'No customer has this id')],
  );
  if (problems.length) invalid(problems);
  return [...new Set(given)];
}

async function changeMembers(deps: SegmentDeps, segmentKey: string, keys: (string | null)[], add: boolean): Promise<string> {
  if (keys.length > 1000) refuse(E.TOO_MANY_IDS, 'At most 1000 customers at a time', ['input', 'customerIds']);
  return inTransaction(deps, async (em) => {
    const segment = await lockSegment(em, segmentKey);
    if (segment.kind !== SegmentKind.STATIC) refuse(E.NOT_STATIC, 'Members of a DYNAMIC segment come from its rule', ['input', 'segmentId']);
    const customers = await checkCustomers(em, keys);
    if (customers.length === 0) return segmentKey;
    const knex = db(em);
    // One statement: the batch's memberships opened (or closed), and the segment's count set.
    const change = add
      ? `insert into segment_membership (segment_id, customer_id, joined_at)
         select ?::uuid, u::uuid, ?::timestamptz from jsonb_array_elements_text(?::jsonb) u
         on conflict (segment_id, customer_id) where left_at is null do nothing returning customer_id`
      : `update segment_membership set left_at = ?::timestamptz
         where segment_id = ?::uuid and left_at is null and customer_id in (select u::uuid from jsonb_array_elements_text(?::jsonb) u) returning customer_id`;
    const bindings = add ? [segmentKey, deps.now, JSON.stringify(customers)] : [deps.now, segmentKey, JSON.stringify(customers)];
    const result = await knex.raw(
      `with changed as (${change})
       update segment s set member_count = s.member_count ${add ? '+' : '-'} (select count(*) from changed), updated_at = ?::timestamptz
       where s.id = ?::uuid
       returning s.member_count as after, (select coalesce(jsonb_agg(customer_id), '[]'::jsonb) from changed) as changed`,
      [...bindings, deps.now, segmentKey],
    );
    const r = result.rows[0] as { after: number; changed: string[] | null };
    const changed = r.changed ?? [];
    if (changed.length) {
      recordAudit(em, deps, {
        action: add ? 'segment.members_added' : 'segment.members_removed',
        entityType: 'Segment',
        entityId: segmentKey,
        changes: [{ field: 'memberCount', old: r.after + (add ? -changed.length : changed.length), new: r.after }, { field: add ? 'added' : 'removed', old: null, new: changed }],
      });
      await em.flush();
    }
    return segmentKey;
  });
}

export const addSegmentMembers = (deps: SegmentDeps, segmentKey: string, keys: (string | null)[]) => changeMembers(deps, segmentKey, keys, true);
export const removeSegmentMembers = (deps: SegmentDeps, segmentKey: string, keys: (string | null)[]) => changeMembers(deps, segmentKey, keys, false);

/** Offers restricted to a segment ("segmentKey" on the offer): the customer must be a current member. */
export async function isMember(em: EntityManager, segmentKey: string, customerKey: string): Promise<boolean> {
  const row = await em.getKnex()('segment_membership').where({ segment_id: segmentKey, customer_id: customerKey }).whereNull('left_at').first('id');
  return !!row;
}
