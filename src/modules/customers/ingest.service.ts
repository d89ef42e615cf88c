// Batch ingestion from core banking, all-or-nothing: validate every item first (userErrors with the
// item's index, nothing written), then one transaction with set-based SQL: one upsert statement for
// the batch, one insert of its audit events, one UPDATE of the derived customer columns. If the
// database refuses the batch, the failing items are found by bisection under savepoints and the
// whole transaction is rolled back, so the caller learns which index to fix and nothing is written.
import { randomUUID } from 'node:crypto';
import type { FieldChange } from '../../audit/audit-event.entity';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { conflict, DomainError, invalid, problem, type Problem } from '../../domain/errors';
import { parseAmount } from '../../domain/money';
import { reactToRaised } from '../../events/reactions';
import type { Knex } from '@mikro-orm/postgresql';
import { knexRunner, recomputeDerivedFields, type SqlRunner } from './derived-fields.sql';
import { IngestErrorCode } from './ingest.errors';
import { MAX_BATCH_ITEMS, type MoneyInput } from './ingest.inputs';

export type IngestContext = ServiceDeps;

export interface StaleItem {
  index: number;
  key: string;
  storedAsOf: Date;
}

export interface IngestResult {
  applied: number;
  unchanged: number;
  stale: StaleItem[];
  userErrors: Problem[];
}

export interface AuditRow {
  action: string;
  entityType: string;
  entityId: string;
  customerId: string | null;
  changes: FieldChange[];
}

/** A row to write (snake_case columns of the table, with the entity's id, new or stored). */
export type Row = { id: string } & Record<string, unknown>;

export type ItemPlan =
  | { kind: 'stale'; storedAsOf: Date }
  | { kind: 'unchanged' }
  /** audit null: the content is what Keel has; only `asOf` moves forward. */
  | { kind: 'write'; row: Row; audit: AuditRow | null; customers: string[] };

export interface PlannedWrite {
  index: number;
  row: Row;
  audit: AuditRow | null;
  /** Customers whose derived columns depend on the row. */
  customers: string[];
}

/** The upsert statement of one table: columns (name → SQL type), conflict key, the asOf column. */
export interface UpsertSpec {
  table: string;
  columns: Record<string, string>;
  conflict: string[];
  asOf: string;
  /** Bump the optimistic-lock `version` when the content changes. */
  versioned?: boolean;
}

export interface IngestKind<I extends { asOf: Date }> {
  spec: UpsertSpec;
  keyOf(item: I): string;
  /** The item field a duplicate key points at. */
  keyField: string;
  /** Checks that need the item and the request only (amounts, dates). */
  check?(item: I, path: string[], ctx: IngestContext): Problem[];
  /** Loads and locks what the batch refers to and plans each item; refuses with `invalid(problems)`. */
  plan(run: SqlRunner, items: I[], ctx: IngestContext): Promise<ItemPlan[]>;
  /** Which derived customer columns a change makes stale: its customers', or everyone's (rates). */
  derived?: 'customers' | 'all';
  /** The domain events the batch's applied changes raise (a closure, a new month), declared in customerEvents. */
  events?(changed: PlannedWrite[], ctx: IngestContext): BatchEvent[];
}

/** A domain event an ingest batch raises; a type customerEvents declares. Never a reason for an exit. */
export interface BatchEvent {
  type: string;
  customerId: string;
  payload: Record<string, unknown>;
}

/**
 * Writes the batch's events to the outbox in one statement, in the batch's transaction, then hands them
 * to the deployment's reactions once for the whole batch (risk rescores all their customers in one go).
 */
async function raiseBatchEvents(trx: Knex, run: SqlRunner, ctx: IngestContext, events: BatchEvent[]): Promise<void> {
  if (events.length === 0) return;
  const who = actorOf(ctx.viewer);
  const { rows } = await run<{ id: string; type: string; occurred_at: Date; customer_id: string; payload: Record<string, unknown> }>(
    `insert into domain_event (id, type, occurred_at, customer_id, payload, actor_kind, actor_id, request_id)
select gen_random_uuid(), x.type, $2::timestamptz, x.customer_id, x.payload, $3, $4, $5
from jsonb_to_recordset($1::jsonb) as x(type text, customer_id uuid, payload jsonb)
returning id, type, occurred_at, customer_id, payload`,
    [JSON.stringify(events.map((e) => ({ type: e.type, customer_id: e.customerId, payload: e.payload }))), ctx.now.toISOString(), who.kind, who.id, ctx.requestId],
  );
  await reactToRaised(ctx.em, trx, rows.map((r) => ({
    id: r.id, type: r.type, occurredAt: new Date(r.occurred_at), customerKey: r.customer_id, payload: r.payload,
  })));
}

// All ingestion takes one transaction-level lock: batches run one after another, so plans made
// from locked rows stay true and two batches never update customers in opposite orders.
export const INGEST_LOCK = 7406101;
/** An asOf this far ahead of the request's clock is refused: it would block every later message. */
const CLOCK_SKEW_MS = 5 * 60_000;

export const itemPath = (index: number, ...rest: string[]) => ['input', 'items', String(index), ...rest];

/**
 * What to do with an item, from its time against the stored one and whether it changes anything.
 * A newer identical item still moves the stored asOf forward, so that a later-arriving older message
 * is recognised as stale; the same asOf with other content is not newer, hence stale too.
 */
export function decide(asOf: Date, storedAsOf: Date | null, changed: boolean): ItemPlan['kind'] | 'advance' {
  const delta = storedAsOf === null ? 1 : asOf.getTime() - storedAsOf.getTime();
  if (delta > 0) return changed ? 'write' : 'advance';
  if (delta === 0 && !changed) return 'unchanged';
  return 'stale';
}

/** Plans an item from `decide`, with the row to write and the audit event for a change. */
export function planItem(asOf: Date, storedAsOf: Date | null, row: Row, audit: AuditRow, customers: string[] = []): ItemPlan {
  const outcome = decide(asOf, storedAsOf, audit.changes.length > 0);
  if (outcome === 'stale') return { kind: 'stale', storedAsOf: storedAsOf! };
  if (outcome === 'unchanged') return { kind: 'unchanged' };
  return { kind: 'write', row, audit: outcome === 'write' ? audit : null, customers };
}

export function upsertSql(spec: UpsertSpec): string {
  const cols = Object.keys(spec.columns);
  const content = cols.filter((c) => c !== spec.asOf && !spec.conflict.includes(c));
  const changed = `(${content.map((c) => `t.${c}`).join(', ')}) is distinct from (${content.map((c) => `excluded.${c}`).join(', ')})`;
  const version = spec.versioned ? `,\n  version = t.version + case when ${changed} then 1 else 0 end` : '';
  return `insert into ${spec.table} as t (id, created_at, updated_at, ${cols.join(', ')})
select x.id, $2::timestamptz, $2::timestamptz, ${cols.map((c) => `x.${c}`).join(', ')}
from jsonb_to_recordset($1::jsonb) as x(id uuid, ${cols.map((c) => `${c} ${spec.columns[c]}`).join(', ')})
on conflict (${spec.conflict.join(', ')}) do update set
  ${[...content, spec.asOf].map((c) => `${c} = excluded.${c}`).join(', ')},
  updated_at = case when ${changed} then excluded.updated_at else t.updated_at end${version}
where t.${spec.asOf} is null or excluded.${spec.asOf} > t.${spec.asOf}
returning t.id`;
}

async function writeRows(run: SqlRunner, spec: UpsertSpec, rows: Row[], now: Date): Promise<void> {
  const { rows: written } = await run<{ id: string }>(upsertSql(spec), [JSON.stringify(rows), now.toISOString()]);
  // Rows were planned from locked data; a row written under another id (a concurrent insert of the
  // same key) or not at all means someone else wrote meanwhile.
  const ids = new Set(written.map((r) => r.id));
  if (written.length !== rows.length || rows.some((r) => !ids.has(r.id))) {
    conflict('Some of these items were written by someone else meanwhile; send the batch again');
  }
}

/** Errors that one item can cause: data exceptions (22) and integrity constraint violations (23). */
function isItemError(err: unknown): err is { code: string; constraint?: string } {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

// Never the database's message: it can quote the value, which may be personal data.
function refusal(err: { code: string; constraint?: string }): string {
  const what = err.code.startsWith('22') ? 'a value it cannot store' : 'a constraint';
  return `The database refused this item: ${what} (${err.constraint ?? `SQLSTATE ${err.code}`})`;
}

/** Finds the items the database refuses: bisection, each attempt under a savepoint. */
async function locateRefusals(run: SqlRunner, spec: UpsertSpec, writes: PlannedWrite[], now: Date): Promise<Problem[]> {
  const refused: Problem[] = [];
  const ranges: PlannedWrite[][] = [writes];
  // Bisection tries each range once: fewer than 2n attempts.
  for (let attempts = 0; ranges.length > 0 && attempts < 2 * writes.length; attempts++) {
    const range = ranges.shift()!;
    await run('savepoint ingest_locate');
    try {
      await writeRows(run, spec, range.map((w) => w.row), now);
      await run('release savepoint ingest_locate');
    } catch (err) {
      if (!isItemError(err)) throw err;
      await run('rollback to savepoint ingest_locate');
      if (range.length === 1) {
        refused.push(problem(itemPath(range[0].index), IngestErrorCode.REJECTED_BY_DATABASE, refusal(err)));
      } else {
        const mid = Math.ceil(range.length / 2);
        ranges.unshift(range.slice(0, mid), range.slice(mid));
      }
    }
  }
  return refused.length
    ? refused
    : [problem(['input', 'items'], IngestErrorCode.REJECTED_BY_DATABASE, 'The database refused the batch, but no single item on its own; send smaller batches')];
}

async function insertAudit(run: SqlRunner, ctx: IngestContext, events: AuditRow[]): Promise<void> {
  if (events.length === 0) return;
  const who = actorOf(ctx.viewer);
  const rows = events.map((e) => ({
    id: randomUUID(),
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    customer_id: e.customerId,
    changes: e.changes,
  }));
  await run(
    `insert into audit_event (id, occurred_at, actor_kind, actor_id, action, entity_type, entity_id, customer_id, changes, request_id)
select x.id, $2::timestamptz, $3, $4, x.action, x.entity_type, x.entity_id, x.customer_id, x.changes, $5
from jsonb_to_recordset($1::jsonb) as x(id uuid, action text, entity_type text, entity_id uuid, customer_id uuid, changes jsonb)`,
    [JSON.stringify(rows), ctx.now.toISOString(), who.kind, who.id, ctx.requestId],
  );
}

function duplicateKeys<I extends { asOf: Date }>(kind: IngestKind<I>, items: I[]): Problem[] {
  const first = new Map<string, number>();
  const errors: Problem[] = [];
  items.forEach((item, i) => {
    const key = kind.keyOf(item);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    else errors.push(problem(itemPath(i, kind.keyField), IngestErrorCode.DUPLICATE_KEY, `Item ${seen} has the same key (${key}); send each key once per batch`));
  });
  return errors;
}

function checkItems<I extends { asOf: Date }>(kind: IngestKind<I>, items: I[], ctx: IngestContext): Problem[] {
  const latest = ctx.now.getTime() + CLOCK_SKEW_MS;
  return items.flatMap((item, i) => [
    ...(item.asOf.getTime() > latest ? [problem(itemPath(i, 'asOf'), IngestErrorCode.IN_THE_FUTURE, 'asOf is in the future')] : []),
    ...(kind.check?.(item, itemPath(i), ctx) ?? []),
  ]);
}

/** A refusal with userErrors (as opposed to a conflict or a fault). */
const isRefusal = (err: unknown): err is DomainError => err instanceof DomainError && err.outcome === 'USER_ERROR';

const failed = (userErrors: Problem[]): IngestResult => ({ applied: 0, unchanged: 0, stale: [], userErrors });

/**
 * The refusals the batch would meet in the database, found by planning it in a transaction that is
 * always rolled back. Best effort: items whose format is wrong may not plan at all.
 */
async function lookupErrors<I extends { asOf: Date }>(ctx: IngestContext, kind: IngestKind<I>, items: I[]): Promise<Problem[]> {
  const found: Problem[] = [];
  const rollback = new Error('rollback');
  try {
    await ctx.em.getKnex().transaction(async (trx) => {
      try {
        await kind.plan(knexRunner(trx), items, ctx);
      } catch (err) {
        if (isRefusal(err)) found.push(...err.problems);
      }
      throw rollback;
    });
  } catch (err) {
    if (err !== rollback) return found;
  }
  return found;
}

/** Both lists, in item order, each problem once. */
function merge(a: Problem[], b: Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of [...a, ...b]) {
    const key = `${e.field.join('.')}|${e.code}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  const index = (e: Problem) => (e.field[1] === 'items' ? Number(e.field[2]) : -1);
  return out.sort((x, y) => index(x) - index(y));
}

/** A batch too large to look at: refused before its items are validated. */
export function batchSizeProblems(items: unknown[]): Problem[] {
  return items.length > MAX_BATCH_ITEMS
    ? [problem(['input', 'items'], IngestErrorCode.TOO_MANY_ITEMS, `A batch holds at most ${MAX_BATCH_ITEMS} items; got ${items.length}`)]
    : [];
}

/**
 * Applies a batch. `formatProblems` are the input's format problems, found by the caller (the API
 * validates its input before any service runs); the batch's own rules are checked here.
 */
export async function ingest<I extends { asOf: Date }>(
  ctx: IngestContext,
  kind: IngestKind<I>,
  items: I[],
  formatProblems: Problem[] = [],
): Promise<IngestResult> {
  const tooMany = batchSizeProblems(items);
  if (tooMany.length) return failed(tooMany);
  const problems = [...formatProblems];
  // Item checks assume well-formed items; report them once the formats are right.
  if (problems.length === 0) problems.push(...duplicateKeys(kind, items), ...checkItems(kind, items, ctx));
  // What the database knows (unknown customers, currencies…) is reported in the same answer.
  if (problems.length) return failed(merge(problems, await lookupErrors(ctx, kind, items)));

  try {
    return await ctx.em.getKnex().transaction(async (trx) => {
      const run = knexRunner(trx);
      await run('select pg_advisory_xact_lock($1::bigint)', [INGEST_LOCK]);
      const plans = await kind.plan(run, items, ctx);

      const result: IngestResult = { applied: 0, unchanged: 0, stale: [], userErrors: [] };
      const writes: PlannedWrite[] = [];
      plans.forEach((plan, index) => {
        if (plan.kind === 'stale') result.stale.push({ index, key: kind.keyOf(items[index]), storedAsOf: plan.storedAsOf });
        else if (plan.kind === 'unchanged') result.unchanged += 1;
        else writes.push({ index, row: plan.row, audit: plan.audit, customers: plan.customers });
      });
      if (writes.length === 0) return result;

      await run('savepoint ingest_batch');
      try {
        await writeRows(run, kind.spec, writes.map((w) => w.row), ctx.now);
      } catch (err) {
        if (!isItemError(err)) throw err;
        await run('rollback to savepoint ingest_batch');
        invalid(await locateRefusals(run, kind.spec, writes, ctx.now));
      }
      const changed = writes.filter((w) => w.audit !== null);
      result.applied = changed.length;
      result.unchanged += writes.length - changed.length;
      await insertAudit(run, ctx, changed.map((w) => w.audit!));
      if (changed.length && kind.derived) {
        const customerIds = kind.derived === 'all' ? null : changed.flatMap((w) => w.customers);
        await recomputeDerivedFields(run, { customerIds, now: ctx.now, reportingCurrency: ctx.config.reportingCurrency });
      }
      if (changed.length && kind.events) await raiseBatchEvents(trx, run, ctx, kind.events(changed, ctx));
      return result;
    });
  } catch (err) {
    if (isRefusal(err)) return failed(err.problems);
    throw err;
  }
}

// Shared by the kinds whose items refer to customers and carry money.

/**
 * The ids of the customers that items name by reference, once each exists and each item's money
 * (in `moneyField`) can be converted to the reporting currency; refuses the batch otherwise.
 */
export async function resolveHolders<I extends { customerExternalRef: string }>(
  run: SqlRunner,
  items: I[],
  ctx: IngestContext,
  moneyField: (item: I) => string,
): Promise<Map<string, string>> {
  const { rows } = await run<{ id: string; external_ref: string }>(
    'select id, external_ref from customer where external_ref in (select jsonb_array_elements_text($1::jsonb))',
    [JSON.stringify([...new Set(items.map((i) => i.customerExternalRef))])],
  );
  const customers = new Map(rows.map((r) => [r.external_ref, r.id]));
  const { rows: rates } = await run<{ currency: string }>('select currency from fx_rate');
  const convertible = new Set([ctx.config.reportingCurrency, ...rates.map((r) => r.currency)]);
  refuseIfAny(
    items.flatMap((item, i) => {
      const field = moneyField(item);
      const { currency } = (item as unknown as Record<string, MoneyInput>)[field];
      return [
        ...(customers.has(item.customerExternalRef)
          ? []
          : [problem(itemPath(i, 'customerExternalRef'), IngestErrorCode.UNKNOWN_CUSTOMER, 'No customer has this reference; send it with upsertCustomers first')]),
        ...(convertible.has(currency)
          ? []
          : [problem(itemPath(i, field, 'currency'), IngestErrorCode.UNKNOWN_CURRENCY, `No FX rate for ${currency}; send it with upsertFxRates first`)]),
      ];
    }),
  );
  return customers;
}

/** Minor units of a money input, or a userError at its amount. */
export function minorOf(value: MoneyInput, path: string[]): bigint | Problem {
  const minor = parseAmount(value.amount, value.currency);
  return minor ?? problem([...path, 'amount'], IngestErrorCode.INVALID_AMOUNT, `Not a valid ${value.currency} amount: too many decimals`);
}

export const toDate = (v: string | Date | null | undefined): Date | null => (v == null ? null : new Date(v));

/** Ends planning with these userErrors, if any: nothing is written. */
export function refuseIfAny(errors: Problem[]): void {
  if (errors.length) invalid(errors);
}
