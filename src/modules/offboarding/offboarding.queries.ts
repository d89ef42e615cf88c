// Read SQL for offboarding, returning plain objects shaped like the GraphQL types. Every query joins the
// case's customer so that a relationship manager's book applies, and masks the reason and free text of
// anti-money-laundering cases here, so that no read path can forget either.
import type { Knex } from '@mikro-orm/postgresql';
import { can } from '../../auth/permissions';
import type { Viewer } from '../../auth/viewer';
import { reader, type Context } from '../../graphql/context';
import { money } from '../../graphql/money';
import { cursorValues, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import { ofVisibleCustomers } from '../customers/public';
import { CaseState, InitiatedBy, OffboardingReason, type OffboardingScope } from './offboarding-case.entity';
import type { RetentionAnswer } from './retention-attempt.entity';
import { OPEN_STATES } from './state-machine';
import { offboardingCapabilities } from './permissions';
import type { CaseTransitionView, ChecklistItemView, OffboardingCaseView, RetentionAttemptView } from './offboarding.type';

/** Anti-money-laundering reasons, and the free text around them, are for these roles only. */
export function maySeeAml(viewer: Viewer | null): boolean {
  return can(viewer, offboardingCapabilities.readAmlReasons);
}

export const toDate = (v: string | Date | null | undefined): Date | null => (v == null ? null : new Date(v));

/**
 * No tipping-off: the reason, detail and notes of every bank-initiated exit are withheld from those who
 * may not see anti-money-laundering reasons, so that "withheld" never singles out an AML case.
 */
function hiddenFor(ctx: Context, initiatedBy: string): boolean {
  return initiatedBy === InitiatedBy.BANK && !maySeeAml(ctx.viewer);
}

/** Cases joined with their customer, bounded by the reach of the viewer's right to read exits. */
function cases(ctx: Context): Knex.QueryBuilder {
  return ofVisibleCustomers(reader(ctx)('offboarding_case as oc'), ctx, 'oc.customer_id', offboardingCapabilities.read);
}

/** When a case in `state` since `enteredAt` is due to move on; null for ended cases. */
export function dueAt(state: CaseState, enteredAt: Date, deadlineDays: Record<string, number>): Date | null {
  const days = OPEN_STATES.includes(state) ? deadlineDays[state] : undefined;
  return days === undefined ? null : new Date(enteredAt.getTime() + days * 86_400_000);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toCase(r: any, ctx: Context): OffboardingCaseView {
  const hidden = hiddenFor(ctx, r.initiated_by);
  const state = r.state as CaseState;
  const enteredAt = toDate(r.state_entered_at)!;
  const due = dueAt(state, enteredAt, ctx.config.offboarding.deadlineDays);
  return {
    __typename: 'OffboardingCase',
    id: toGlobalId('OffboardingCase', r.id),
    key: r.id,
    customerKey: r.customer_id,
    assigneeKey: r.assignee_id,
    scopeAccountKeys: r.scope_account_ids ?? [],
    closedAccountKeys: r.closed_account_ids ?? [],
    amlHidden: hidden,
    initiatedBy: r.initiated_by as InitiatedBy,
    reason: hidden ? null : (r.reason as OffboardingReason),
    reasonWithheld: hidden,
    reasonDetail: hidden ? null : r.reason_detail,
    scope: r.scope as OffboardingScope,
    state,
    stateEnteredAt: enteredAt,
    dueAt: due,
    overdue: due !== null && due < ctx.now,
    initiator: r.initiator_id,
    retentionAnswer: r.retention_answer as RetentionAnswer | null,
    submittedBy: r.submitted_by,
    approvedBy: r.approved_by,
    approvedAt: toDate(r.approved_at),
    notifiedAt: toDate(r.notified_at),
    noticeEndsAt: toDate(r.notice_ends_at),
    settlementStartedAt: toDate(r.settlement_started_at),
    closedAt: toDate(r.closed_at),
    retainUntil: toDate(r.retain_until),
    legalBasis: r.legal_basis,
    cancelReason: hidden ? null : r.cancel_reason,
    anonymisedAt: toDate(r.anonymised_at),
    version: r.version,
    createdAt: toDate(r.created_at)!,
    updatedAt: toDate(r.updated_at)!,
  } as OffboardingCaseView;
}

export interface CaseListFilter {
  stateIn?: CaseState[];
  initiatedBy?: InitiatedBy;
  reasonIn?: OffboardingReason[];
  assigneeKey?: string;
  customerKey?: string;
  overdue?: boolean;
}

/** SQL for "stayed in its state past the deadline", with the deadlines and the time as parameters. */
function overdueSql(ctx: Context): { sql: string; bindings: unknown[] } {
  const deadlines = ctx.config.offboarding.deadlineDays;
  const states = OPEN_STATES.filter((s) => deadlines[s] !== undefined);
  const cases = states.map(() => 'when ? then ?::int').join(' ');
  return {
    sql: `coalesce(oc.state_entered_at + make_interval(days => case oc.state ${cases} end) < ?::timestamptz, false)`,
    bindings: [...states.flatMap((s) => [s, deadlines[s]]), ctx.now.toISOString()],
  };
}

function applyFilter(q: Knex.QueryBuilder, ctx: Context, filter: CaseListFilter): void {
  if (filter.stateIn?.length) q.whereIn('oc.state', filter.stateIn);
  if (filter.initiatedBy) q.where('oc.initiated_by', filter.initiatedBy);
  if (filter.assigneeKey) q.where('oc.assignee_id', filter.assigneeKey);
  if (filter.customerKey) q.where('oc.customer_id', filter.customerKey);
  if (filter.reasonIn?.length) {
    // Filtering by a reason one may not see would reveal it: for them, reasons match customer-initiated
    // exits only.
    if (maySeeAml(ctx.viewer)) q.whereIn('oc.reason', filter.reasonIn);
    else q.whereIn('oc.reason', filter.reasonIn).where('oc.initiated_by', InitiatedBy.CUSTOMER);
  }
  if (filter.overdue !== undefined && filter.overdue !== null) {
    const { sql, bindings } = overdueSql(ctx);
    q.whereRaw(filter.overdue ? sql : `not ${sql}`, bindings as never[]);
  }
}

// Keyset: oldest first, (created_at, id), matching offboarding_case_created_idx.
export async function listCases(ctx: Context, filter: CaseListFilter, page: PageRequest) {
  const base = cases(ctx);
  applyFilter(base, ctx, filter);
  const ascending = !page.backward;
  const q = base.clone().select('oc.*');
  const cursor = cursorValues(page, ['timestamp', 'uuid']);
  if (cursor) {
    q.whereRaw(`(oc.created_at, oc.id) ${ascending ? '>' : '<'} (?::timestamptz, ?::uuid)`, cursor as never[]);
  }
  const dir = ascending ? 'asc' : 'desc';
  q.orderBy([{ column: 'oc.created_at', order: dir }, { column: 'oc.id', order: dir }]).limit(page.size + 1);
  const rows: { created_at: string | Date; id: string }[] = await q;
  return toConnection(
    rows,
    page,
    (r) => [new Date(r.created_at).toISOString(), r.id],
    (r) => toCase(r, ctx),
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

export async function casesByKeys(ctx: Context, keys: readonly string[]): Promise<OffboardingCaseView[]> {
  if (keys.length === 0) return [];
  return (await cases(ctx).select('oc.*').whereIn('oc.id', [...keys])).map((r: unknown) => toCase(r, ctx));
}

/** Each customer's cases, newest first. */
export async function casesByCustomerKeys(ctx: Context, customerKeys: readonly string[]): Promise<OffboardingCaseView[]> {
  const rows = await cases(ctx)
    .select('oc.*')
    .whereIn('oc.customer_id', [...customerKeys])
    .orderBy([{ column: 'oc.created_at', order: 'desc' }, { column: 'oc.id', order: 'desc' }]);
  return rows.map((r: unknown) => toCase(r, ctx));
}


export async function transitionsByCaseKeys(ctx: Context, caseKeys: readonly string[]): Promise<(CaseTransitionView & { caseKey: string })[]> {
  const rows = await cases(ctx)
    .join('case_transition as t', 't.case_id', 'oc.id')
    .select('t.*', 'oc.initiated_by')
    .whereIn('oc.id', [...caseKeys])
    .orderBy('t.seq');
  return rows.map((r: Record<string, never>) => ({
    caseKey: r.case_id,
    transition: r.transition,
    from: r.from_state,
    to: r.to_state,
    actor: r.actor_id,
    actorKind: r.actor_kind,
    at: toDate(r.occurred_at)!,
    note: hiddenFor(ctx, r.initiated_by) ? null : r.note,
    noteErased: r.note_erased_at != null,
  }));
}

export async function retentionAttemptsByCaseKeys(ctx: Context, caseKeys: readonly string[]): Promise<(RetentionAttemptView & { caseKey: string })[]> {
  const rows = await cases(ctx)
    .join('retention_attempt as ra', 'ra.case_id', 'oc.id')
    .select('ra.*')
    .whereIn('oc.id', [...caseKeys])
    .orderBy('ra.seq');
  return rows.map((r: Record<string, never>) => ({
    caseKey: r.case_id,
    offer: r.offer,
    answer: r.answer,
    recordedAt: toDate(r.recorded_at)!,
    recordedBy: r.recorded_by,
  }));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toItem(r: any, ctx: Context): ChecklistItemView {
  return {
    __typename: 'ChecklistItem',
    id: toGlobalId('ChecklistItem', r.id),
    key: r.id,
    caseKey: r.case_id,
    customerKey: r.customer_id,
    accountKey: r.account_id,
    kind: r.kind,
    label: r.label,
    source: r.source,
    required: r.required,
    done: r.done_at != null,
    doneAt: toDate(r.done_at),
    doneBy: r.done_by,
    destination: r.destination,
    amount: r.amount_minor == null ? null : money(r.amount_minor, r.currency),
    note: hiddenFor(ctx, r.initiated_by) ? null : r.note,
  } as ChecklistItemView;
}

function items(ctx: Context): Knex.QueryBuilder {
  return cases(ctx).join('checklist_item as ci', 'ci.case_id', 'oc.id').select('ci.*', 'oc.initiated_by', 'oc.customer_id');
}

export async function checklistByCaseKeys(ctx: Context, caseKeys: readonly string[]): Promise<ChecklistItemView[]> {
  const rows = await items(ctx).whereIn('oc.id', [...caseKeys]).orderBy([{ column: 'ci.case_id' }, { column: 'ci.position' }]);
  return rows.map((r: unknown) => toItem(r, ctx));
}

export async function checklistItemsByKeys(ctx: Context, keys: readonly string[]): Promise<ChecklistItemView[]> {
  if (keys.length === 0) return [];
  return (await items(ctx).whereIn('ci.id', [...keys])).map((r: unknown) => toItem(r, ctx));
}
