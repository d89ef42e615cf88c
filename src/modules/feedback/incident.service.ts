// Writes to incidents. Each is one transaction: who may act (the right to work incidents, bounded for a
// relationship manager to the incidents that touch their book or that they opened), the version and the
// state machine, then the change and its audit events, all or nothing. Linking customers is set-based:
// one statement checks the whole list is within reach, one links the new ones and audits each.
//
// Linking the members of a segment goes through the customerGroups contribution (a group's members as a
// query): one statement links those within the caller's reach; nothing here knows of segments.
import { randomUUID } from 'node:crypto';
import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { diffFields, recordAudit } from '../../audit/audit.writer';
import { can, type Capability, canFor } from '../../auth/permissions';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { toGlobalId } from '../../domain/ids';
import { raiseEvent } from '../../events/outbox';
import { conflict, forbidden, notFound, problem, type Problem } from '../../domain/errors';
import type { CustomerGroup } from '../../module';
import { customerStanding } from '../customers/public';
import { Feedback, FeedbackKind, type FeedbackSeverity } from './feedback.entity';
import { Incident, type IncidentChannel, type IncidentKind, IncidentStatus } from './incident.entity';
import { IncidentErrorCode as E, refuseIncident } from './incident.errors';
import { MAX_LINKED_CUSTOMERS } from './incident.inputs';
import { customersWithinReach, incidentsWithinReach, membersWithinReach } from './incident.queries';
import { incidentAction, incidentRefusal } from './incident.state-machine';
import { feedbackCapabilities as cap } from './permissions';

/** A time this far ahead of the request's clock is in the future (clocks differ a little). */
const CLOCK_SKEW_MS = 5 * 60_000;

async function inTransaction<R>(deps: ServiceDeps, fn: (em: EntityManager) => Promise<R>): Promise<R> {
  try {
    return await deps.em.transactional(fn);
  } catch (err) {
    if (err instanceof OptimisticLockError) conflict('Someone else changed this incident while you were saving; read it again');
    throw err;
  }
}

/** Whether the incident is within the reach of the viewer's `want` (one statement). */
async function reachable(em: EntityManager, deps: ServiceDeps, want: Capability, incidentKey: string): Promise<boolean> {
  const { sql, bindings } = incidentsWithinReach(em.getKnex(), deps.viewer, want).select('i.id').where('i.id', incidentKey).toSQL();
  return (await em.execute(sql, bindings as unknown[])).length > 0;
}

/**
 * The viewer may work this incident. Where they may not even read it, it does not exist for them;
 * where they read it but may not act, FORBIDDEN says why.
 */
async function assertMayWork(em: EntityManager, deps: ServiceDeps, incidentKey: string): Promise<void> {
  if (await reachable(em, deps, cap.work, incidentKey)) return;
  if (!(await reachable(em, deps, cap.read, incidentKey))) notFound('Incident');
  forbidden('You may work only the incidents that touch your book or that you opened');
}

function snapshot(i: Incident): Record<string, unknown> {
  return {
    title: i.title, kind: i.kind, severity: i.severity, status: i.status, startedAt: i.startedAt, endedAt: i.endedAt ?? null, summary: i.summary ?? null,
  };
}

function notInFuture(deps: ServiceDeps, at: Date | null | undefined, field: string): Problem[] {
  return at && at.getTime() > deps.now.getTime() + CLOCK_SKEW_MS ? [problem(['input', field], E.IN_THE_FUTURE, `${field} is in the future`)] : [];
}

export interface NewIncident {
  title: string;
  kind: IncidentKind;
  severity: FeedbackSeverity;
  startedAt?: Date | null;
  summary?: string | null;
}

export async function openIncident(deps: ServiceDeps, input: NewIncident): Promise<string> {
  const title = input.title.trim();
  const errors: Problem[] = [...notInFuture(deps, input.startedAt, 'startedAt')];
  if (!title) errors.push(problem(['input', 'title'], E.INVALID, 'Give the incident a title'));
  if (errors.length) refuseIncident(errors[0].code as E, errors[0].message, errors[0].field);
  return inTransaction(deps, async (em) => {
    const who = actorOf(deps.viewer);
    const i = em.create(Incident, {
      createdAt: deps.now,
      updatedAt: deps.now,
      title,
      kind: input.kind,
      severity: input.severity,
      status: IncidentStatus.OPEN,
      startedAt: input.startedAt ?? deps.now,
      endedAt: null,
      summary: input.summary?.trim() || null,
      openedByKind: who.kind,
      openedBy: who.id,
    });
    recordAudit(em, deps, { action: 'incident.opened', entityType: 'Incident', entityId: i.id, changes: diffFields({}, snapshot(i)) });
    await em.flush();
    return i.id;
  });
}

export interface IncidentMove {
  incidentKey: string;
  expectedVersion: number;
  status: IncidentStatus;
  endedAt?: Date | null;
  summary?: string | null;
}

export async function updateIncidentStatus(deps: ServiceDeps, input: IncidentMove): Promise<string> {
  return inTransaction(deps, async (em) => {
    const i = await em.findOne(Incident, { id: input.incidentKey }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!i) notFound('Incident');
    await assertMayWork(em, deps, i.id);
    if (i.version !== input.expectedVersion) {
      conflict(`The incident was changed by someone else (version ${i.version}, you sent ${input.expectedVersion}); read it again`);
    }
    const why = incidentRefusal(i.status, input.status);
    if (why) refuseIncident(E.INVALID_TRANSITION, why, ['input', 'status']);
    if (input.endedAt && input.status !== IncidentStatus.RESOLVED) refuseIncident(E.INVALID, 'endedAt is given only when resolving', ['input', 'endedAt']);
    const before = snapshot(i);
    const from = i.status;
    if (input.status === IncidentStatus.RESOLVED) {
      const endedAt = input.endedAt ?? deps.now;
      const future = notInFuture(deps, endedAt, 'endedAt');
      if (future.length) refuseIncident(E.IN_THE_FUTURE, future[0].message, future[0].field);
      if (endedAt.getTime() < i.startedAt.getTime()) refuseIncident(E.INVALID, 'endedAt is before the incident started', ['input', 'endedAt']);
      i.endedAt = endedAt;
    } else {
      i.endedAt = null;
    }
    i.status = input.status;
    if (input.summary != null) i.summary = input.summary.trim() || null;
    i.updatedAt = deps.now;
    recordAudit(em, deps, { action: incidentAction(from, input.status), entityType: 'Incident', entityId: i.id, changes: diffFields(before, snapshot(i)) });
    await em.flush();
    return i.id;
  });
}

export interface LinkResult {
  incidentKey: string;
  linked: number;
  alreadyLinked: number;
}

/** A list too long to look at: refused whole before anything else. */
export function linkSizeProblems(count: number): Problem[] {
  return count > MAX_LINKED_CUSTOMERS
    ? [problem(['input', 'customerIds'], E.TOO_MANY_ITEMS, `Link at most ${MAX_LINKED_CUSTOMERS} customers per call; got ${count}`)]
    : [];
}

/**
 * Links customers to an incident, all or none. A customer outside the caller's reach does not exist
 * for them: the whole call is NOT_FOUND and nothing is linked. A customer linked before is left as it
 * was and counted, so a caller may repeat a call safely; racing calls link each customer once.
 */
export async function linkIncidentCustomers(deps: ServiceDeps, incidentKey: string, customerKeys: string[]): Promise<LinkResult> {
  const tooMany = linkSizeProblems(customerKeys.length);
  if (tooMany.length) refuseIncident(E.TOO_MANY_ITEMS, tooMany[0].message, tooMany[0].field);
  const keys = [...new Set(customerKeys)];
  return inTransaction(deps, async (em) => {
    const exists = await em.execute('select id from incident where id = ? for update', [incidentKey]);
    if (!exists.length) notFound('Incident');
    await assertMayWork(em, deps, incidentKey);
    if (keys.length === 0) return { incidentKey, linked: 0, alreadyLinked: 0 };
    const { sql, bindings } = customersWithinReach(em.getKnex(), deps.viewer, cap.work, keys).clearSelect().count({ n: '*' }).toSQL();
    const [{ n }] = await em.execute(sql, bindings as unknown[]);
    if (Number(n) !== keys.length) notFound('Customer');
    const who = actorOf(deps.viewer);
    // One statement: the new links (links made before are skipped) and one audit event per customer linked.
    const [{ linked }] = await em.execute(
      `with ins as (
         insert into incident_customer (incident_id, customer_id, linked_at, linked_by)
         select ?, k::uuid, ?, ? from jsonb_array_elements_text(?::jsonb) as k
         on conflict (incident_id, customer_id) do nothing
         returning customer_id
       ), audit as (
         insert into audit_event (id, occurred_at, actor_kind, actor_id, action, entity_type, entity_id, customer_id, changes, request_id)
         select gen_random_uuid(), ?, ?, ?, 'incident.customer_linked', 'Incident', ?, ins.customer_id, '[]'::jsonb, ? from ins
       )
       select count(*)::int as linked from ins`,
      [incidentKey, deps.now, who.id, JSON.stringify(keys), deps.now, who.kind, who.id, incidentKey, deps.requestId],
    );
    if (linked > 0) await em.execute('update incident set updated_at = ? where id = ?', [deps.now, incidentKey]);
    return { incidentKey, linked, alreadyLinked: keys.length - linked };
  });
}

/**
 * Links the current members of a group of customers (a segment, through the customerGroups
 * contribution) to an incident, in one statement: members within the caller's reach of feedback.work
 * are linked (those linked before are left), the others are counted and skipped.
 */
export async function linkIncidentGroup(
  deps: ServiceDeps,
  incidentKey: string,
  group: CustomerGroup,
  groupKey: string,
): Promise<LinkResult & { outsideReach: number }> {
  return inTransaction(deps, async (em) => {
    const exists = await em.execute('select id from incident where id = ? for update', [incidentKey]);
    if (!exists.length) notFound('Incident');
    await assertMayWork(em, deps, incidentKey);
    if (!can(deps.viewer, group.capability)) notFound(group.typeName);
    const members = await group.members(em, groupKey);
    if (!members) notFound(group.typeName);
    const knex = em.getKnex();
    const reach = membersWithinReach(knex, deps.viewer, cap.work, members.query);
    const who = actorOf(deps.viewer);
    const [row] = await em.execute(knex.raw(
      `with members as (?), reach as (?),
       ins as (
         insert into incident_customer (incident_id, customer_id, linked_at, linked_by)
         select ?, r.customer_id, ?, ? from reach r
         on conflict (incident_id, customer_id) do nothing
         returning customer_id
       ), audit as (
         insert into audit_event (id, occurred_at, actor_kind, actor_id, action, entity_type, entity_id, customer_id, changes, request_id)
         select gen_random_uuid(), ?, ?, ?, 'incident.customer_linked', 'Incident', ?, ins.customer_id, '[]'::jsonb, ? from ins
       )
       select (select count(*) from members)::int as members, (select count(*) from reach)::int as reachable, (select count(*) from ins)::int as linked`,
      [members.query, reach, incidentKey, deps.now, who.id, deps.now, who.kind, who.id, incidentKey, deps.requestId],
    ));
    const { linked, reachable } = row as { members: number; reachable: number; linked: number };
    if (linked > 0) await em.execute('update incident set updated_at = ? where id = ?', [deps.now, incidentKey]);
    return { incidentKey, linked, alreadyLinked: reachable - linked, outsideReach: (row as { members: number }).members - reachable };
  });
}

/** Says a complaint is about an incident. Linking it to the same incident again changes nothing. */
export async function linkComplaintToIncident(deps: ServiceDeps, incidentKey: string, feedbackKey: string): Promise<{ incidentKey: string; feedbackKey: string }> {
  return inTransaction(deps, async (em) => {
    const f = await em.findOne(Feedback, { id: feedbackKey }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!f) notFound('Feedback');
    const standing = await customerStanding(em, f.customerId);
    if (!canFor(deps.viewer, cap.work, standing?.rmId ?? null)) {
      if (!canFor(deps.viewer, cap.read, standing?.rmId ?? null)) notFound('Feedback');
      forbidden('You may link complaints only of the customers in your book');
    }
    if (!(await reachable(em, deps, cap.read, incidentKey))) notFound('Incident');
    if (f.kind !== FeedbackKind.COMPLAINT) refuseIncident(E.NOT_A_COMPLAINT, `Only a complaint is linked to an incident; this is ${f.kind}`, ['input', 'complaintId']);
    if (f.incidentId === incidentKey) return { incidentKey, feedbackKey };
    if (f.incidentId) refuseIncident(E.LINKED_ELSEWHERE, 'The complaint is linked to another incident already', ['input', 'complaintId']);
    f.incidentId = incidentKey;
    f.updatedAt = deps.now;
    recordAudit(em, deps, {
      action: 'feedback.linked_to_incident', entityType: 'Feedback', entityId: f.id, customerId: f.customerId,
      changes: [{ field: 'incidentId', old: null, new: incidentKey }],
    });
    await em.flush();
    return { incidentKey, feedbackKey };
  });
}

export interface NewIncidentUpdate {
  incidentKey: string;
  message: string;
  customerVisible: boolean;
  channel: IncidentChannel;
}

/** Adds to the record of what the bank said about an incident; the record is never changed. */
export async function postIncidentUpdate(deps: ServiceDeps, input: NewIncidentUpdate): Promise<{ incidentKey: string; updateKey: string }> {
  const message = input.message.trim();
  if (!message) refuseIncident(E.INVALID, 'Say something', ['input', 'message']);
  return inTransaction(deps, async (em) => {
    const exists = await em.execute('select id from incident where id = ?', [input.incidentKey]);
    if (!exists.length) notFound('Incident');
    await assertMayWork(em, deps, input.incidentKey);
    const who = actorOf(deps.viewer);
    const updateKey = randomUUID();
    await em.execute(
      `insert into incident_update (id, incident_id, message, customer_visible, channel, posted_at, posted_by_kind, posted_by, request_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [updateKey, input.incidentKey, message, input.customerVisible, input.channel, deps.now, who.kind, who.id, deps.requestId],
    );
    recordAudit(em, deps, {
      action: 'incident.update_posted', entityType: 'Incident', entityId: input.incidentKey,
      changes: diffFields({}, { updateId: updateKey, message, customerVisible: input.customerVisible, channel: input.channel }),
    });
    raiseEvent(em, deps, {
      type: 'incident.update_posted',
      payload: {
        incidentId: toGlobalId('Incident', input.incidentKey), updateId: toGlobalId('IncidentUpdate', updateKey),
        customerVisible: input.customerVisible, channel: input.channel, at: deps.now.toISOString(),
      },
    });
    await em.flush();
    return { incidentKey: input.incidentKey, updateKey };
  });
}
