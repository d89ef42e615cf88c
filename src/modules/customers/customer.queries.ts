// Read SQL for customers, accounts and staff, returning plain objects shaped like the GraphQL types.
// The relationship manager's book is applied here, so that no read path can forget it.
import type { Knex } from '@mikro-orm/postgresql';
import { can, type Capability, reachOf, type Reach } from '../../auth/permissions';
import { CommonErrorCode, forbidden, invalid, problem } from '../../domain/errors';
import { reader, type Context } from '../../graphql/context';
import { money } from '../../graphql/money';
import { badInput } from '../../graphql/errors';
import { contributionsOf, type CustomerOrdering, type CustomerOrderingKey } from '../../module';
import { cursorValues, type KeyPart, type PageRequest, toConnection, toGlobalId } from '../../graphql/relay';
import type { AccountStatus, AccountType } from './account.entity';
import type { Channel, CustomerStatus } from './customer.entity';
import type { AccountView, CustomerView, StaffMemberView } from './customer.type';
import { anyOf } from '../../db/sql';
import { levelRows } from '../../graphql/level-reads';
import { customerCapabilities } from './permissions';

export const CUSTOMER_COLUMNS = [
  'c.id', 'c.external_ref', 'c.first_name', 'c.last_name', 'c.email', 'c.phone', 'c.date_of_birth',
  'c.national_id_enc', 'c.address', 'c.region', 'c.preferred_channel', 'c.marketing_consent',
  'c.marketing_consent_at', 'c.status', 'c.restricted', 'c.joined_at', 'c.exited_at', 'c.won_back_at', 'c.rm_id',
  'c.total_deposits_minor', 'c.total_debt_minor', 'c.open_product_count', 'c.balance_trend_90d_bp',
  'c.months_since_last_activity', 'c.version', 'c.created_at', 'c.updated_at',
];

// Money in minor units as text: exact whether the driver reads it or it comes as JSON (level-reads.ts).
const accountColumns = (knex: Knex, alias: string) => [
  ...['id', 'customer_id', 'external_ref', 'type', 'status', 'currency', 'opened_at', 'closed_at'].map((c) => `${alias}.${c}`),
  knex.raw(`${alias}.balance_minor::text as balance_minor`),
  knex.raw(`${alias}.outstanding_minor::text as outstanding_minor`),
];

const toDate = (v: string | Date | null): Date | null => (v == null ? null : new Date(v));

/** Whole calendar months from `from` to `to` (UTC), never negative. */
export function wholeMonthsBetween(from: Date, to: Date): number {
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  if (to.getUTCDate() < from.getUTCDate()) months -= 1;
  return Math.max(0, months);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toCustomer(r: any, reportingCurrency: string, now: Date): CustomerView {
  const joinedAt = toDate(r.joined_at)!;
  return {
    __typename: 'Customer',
    id: toGlobalId('Customer', r.id),
    key: r.id,
    rmKey: r.rm_id,
    pii: {
      email: r.email,
      phone: r.phone,
      dateOfBirth: r.date_of_birth,
      nationalIdEnc: r.national_id_enc,
      address: r.address,
    },
    externalRef: r.external_ref,
    firstName: r.first_name,
    lastName: r.last_name,
    displayName: `${r.first_name} ${r.last_name}`,
    status: r.status as CustomerStatus,
    restricted: r.restricted,
    region: r.region,
    preferredChannel: r.preferred_channel as Channel | null,
    marketingConsent: r.marketing_consent,
    marketingConsentAt: toDate(r.marketing_consent_at),
    joinedAt,
    // Tenure stops at an exit; a customer won back counts on.
    tenureMonths: wholeMonthsBetween(joinedAt, r.status === 'EXITED' ? (toDate(r.exited_at) ?? now) : now),
    exitedAt: toDate(r.exited_at),
    wonBackAt: toDate(r.won_back_at),
    totalDeposits: money(r.total_deposits_minor, reportingCurrency),
    totalDebt: money(r.total_debt_minor, reportingCurrency),
    openProductCount: r.open_product_count,
    balanceTrend90d: r.balance_trend_90d_bp == null ? null : r.balance_trend_90d_bp / 10000,
    monthsSinceLastActivity: r.months_since_last_activity,
    version: r.version,
    createdAt: toDate(r.created_at)!,
    updatedAt: toDate(r.updated_at)!,
  } as CustomerView;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toAccount(r: any): AccountView {
  return {
    __typename: 'Account',
    id: toGlobalId('Account', r.id),
    key: r.id,
    customerKey: r.customer_id,
    externalRef: r.external_ref,
    type: r.type as AccountType,
    status: r.status as AccountStatus,
    currency: r.currency,
    balance: money(r.balance_minor, r.currency),
    outstanding: money(r.outstanding_minor, r.currency),
    openedAt: typeof r.opened_at === 'string' ? r.opened_at : r.opened_at.toISOString().slice(0, 10),
    closedAt: r.closed_at == null ? null : typeof r.closed_at === 'string' ? r.closed_at : r.closed_at.toISOString().slice(0, 10),
  } as AccountView;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toStaffMember(r: any): StaffMemberView {
  return { __typename: 'StaffMember', id: toGlobalId('StaffMember', r.id), key: r.id, subject: r.subject, name: r.name } as StaffMemberView;
}

/** Limits a query on customers (aliased `alias`) to a reach: nothing, one book, or everyone. */
export function withinReach(qb: Knex.QueryBuilder, reach: Reach, alias = 'c'): Knex.QueryBuilder {
  if (reach === null) qb.whereRaw('false');
  else if (reach.kind === 'OWN_BOOK') qb.where(`${alias}.rm_id`, reach.staffUserId);
  else if (reach.kind !== 'ALL') qb.whereRaw('false');
  return qb;
}

/**
 * Limits a customer query to the customers the viewer may `cap` (by default: read). Other modules pass
 * their own capability, so that each one's bound is its own.
 */
export function withinBook(qb: Knex.QueryBuilder, ctx: Context, alias = 'c', cap: Capability = customerCapabilities.read): Knex.QueryBuilder {
  return withinReach(qb, reachOf(ctx.viewer, cap), alias);
}

export enum CustomerOrderField {
  NAME = 'NAME',
  JOINED_AT = 'JOINED_AT',
  TOTAL_DEPOSITS = 'TOTAL_DEPOSITS',
}

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

// Each ordering has its own keyset (ending in the id) and a matching index.
const ORDER_KEYS: Record<CustomerOrderField, { columns: string[]; types: KeyPart[]; cursor: (r: CustomerRowKeys) => unknown[] }> = {
  [CustomerOrderField.NAME]: { columns: ['last_name', 'first_name', 'id'], types: ['text', 'text', 'uuid'], cursor: (r) => [r.last_name, r.first_name, r.id] },
  [CustomerOrderField.JOINED_AT]: { columns: ['joined_at', 'id'], types: ['timestamp', 'uuid'], cursor: (r) => [new Date(r.joined_at).toISOString(), r.id] },
  [CustomerOrderField.TOTAL_DEPOSITS]: { columns: ['total_deposits_minor', 'id'], types: ['bigint', 'uuid'], cursor: (r) => [String(r.total_deposits_minor), r.id] },
};

interface CustomerRowKeys {
  id: string;
  last_name: string;
  first_name: string;
  joined_at: string | Date;
  total_deposits_minor: string;
}

export interface CustomerListFilter {
  statusIn?: CustomerStatus[];
  relationshipManagerKey?: string;
  search?: string;
  /** Also match the search term against email and phone, within the reach of the viewer's right to see them. */
  searchPii?: Reach;
  joinedFrom?: Date;
  joinedTo?: Date;
  hasProductType?: AccountType;
  restricted?: boolean;
  /** Values for filters that other modules contribute (`contributes.customerFilters`), by filter name. */
  contributed?: Record<string, unknown>;
}

const PHONE_LIKE = /^\+?[\d\s().-]+$/;

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function applyFilter(qb: Knex.QueryBuilder, filter: CustomerListFilter): void {
  if (filter.statusIn?.length) qb.whereIn('c.status', filter.statusIn);
  if (filter.relationshipManagerKey) qb.where('c.rm_id', filter.relationshipManagerKey);
  if (filter.search) {
    const raw = filter.search.trim();
    const term = `%${escapeLike(raw)}%`;
    qb.where((w) => {
      w.whereRaw(`(c.first_name || ' ' || c.last_name) ilike ?`, [term]).orWhere('c.external_ref', raw);
      const piiReach = filter.searchPii ?? null;
      if (piiReach !== null) {
        // A match on email or phone reveals them: it counts only where the viewer may see them in full.
        const digits = raw.replace(/\D/g, '');
        const byPhone = PHONE_LIKE.test(raw) && digits.length >= 4;
        w.orWhere((p) => {
          p.where((m) => {
            m.whereRaw('c.email ilike ?', [term]);
            // Only a term that looks like a phone number is matched against phones ("NEW-0001" is not one).
            if (byPhone) m.orWhereRaw(`regexp_replace(c.phone, '\\D', '', 'g') like ?`, [`%${digits}%`]);
          });
          withinReach(p, piiReach);
        });
      }
    });
  }
  if (filter.joinedFrom) qb.where('c.joined_at', '>=', filter.joinedFrom);
  if (filter.joinedTo) qb.where('c.joined_at', '<', filter.joinedTo);
  if (filter.restricted !== undefined && filter.restricted !== null) qb.where('c.restricted', filter.restricted);
  if (filter.hasProductType) {
    // A to-many filter is an EXISTS, never a join (which would repeat customers and break paging).
    qb.whereExists(function hasProduct(this: Knex.QueryBuilder) {
      this.select(1).from('account as a').whereRaw('a.customer_id = c.id').andWhere('a.type', filter.hasProductType!).andWhere('a.status', '<>', 'CLOSED');
    });
  }
}

/**
 * Applies the filters other modules contribute (risk band, segment): each only with a value, and only
 * for a viewer who holds the contributing module's capability, since the filter reveals its data.
 */
function applyContributedFilters(qb: Knex.QueryBuilder, ctx: Context, values: Record<string, unknown>): void {
  const filters = contributionsOf(ctx.modules, 'customerFilters');
  for (const [name, value] of Object.entries(values)) {
    const f = filters.find((x) => x.name === name);
    if (!f) invalid([problem(['filter', name], CommonErrorCode.INVALID, `No module offers the customer filter "${name}"`)]);
    if (!can(ctx.viewer, f.capability)) forbidden(`Filtering customers by ${name} needs ${f.capability.name}`);
    if (value !== undefined && value !== null) {
      f.apply(qb, value, ctx);
      // What the filter selects on reveals the filter's module's data: bounded by its reach too (a
      // manager who reads every customer through a second role filters by risk in their own book only).
      withinReach(qb, reachOf(ctx.viewer, f.capability));
    }
  }
}

/** How a list is ordered: one of the fixed fields, or an ordering another module contributes (by name). */
export interface CustomerListOrder {
  field?: CustomerOrderField;
  contributed?: string;
  direction: OrderDirection;
}

/**
 * The contributed ordering a list asks for, once the viewer may use it: an unknown name is the caller's
 * mistake; a viewer without the ordering's capability may not sort by what it reveals.
 */
export function contributedOrdering(ctx: Context, name: string): CustomerOrdering {
  const ordering = contributionsOf(ctx.modules, 'customerOrderings').find((o) => o.name === name);
  if (!ordering) invalid([problem(['orderBy', 'contributed'], CommonErrorCode.INVALID, `No module offers the customer ordering "${name}"`)]);
  if (!can(ctx.viewer, ordering.capability)) forbidden(`Ordering customers by ${name} needs ${ordering.capability.name}`);
  return ordering;
}

/** How many values a cursor of this ordering holds (its keys, then the customer's id). */
export function orderArity(ctx: Context, order: CustomerListOrder): number {
  if (order.contributed !== undefined) return contributedOrdering(ctx, order.contributed).keys.length + 1;
  return ORDER_KEYS[order.field ?? CustomerOrderField.NAME].columns.length;
}

const CASTS: Record<CustomerOrderingKey['type'], string> = { float: 'float8', integer: 'bigint', text: 'text', timestamp: 'timestamptz' };
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function validKeyValue(value: unknown, type: CustomerOrderingKey['type']): boolean {
  if (value === null) return true; // a customer without a value for the key
  if (typeof value !== 'string' || value.length > 1000 || value.includes('\u0000')) return false;
  switch (type) {
    case 'float': {
      // A decimal number PostgreSQL's float8 takes: finite, and not so small that it underflows to
      // zero (which PostgreSQL refuses as out of range), nor 0x/0b/0o forms.
      const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.exec(value);
      const n = Number(value);
      return m !== null && Number.isFinite(n) && (n !== 0 || !/[1-9]/.test(m[1]));
    }
    case 'integer':
      return /^-?\d{1,18}$/.test(value);
    case 'timestamp':
      return ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
    case 'text':
      return true;
  }
}

/** A key's value as a cursor holds it: text, or null. */
function cursorText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export async function listCustomers(ctx: Context, filter: CustomerListFilter, order: CustomerListOrder, page: PageRequest) {
  const knex = reader(ctx);
  const base = knex('customer as c');
  withinBook(base, ctx);
  applyFilter(base, filter);
  applyContributedFilters(base, ctx, filter.contributed ?? {});
  if (order.contributed !== undefined) return listByContributedOrder(ctx, base, contributedOrdering(ctx, order.contributed), order.direction, page);

  const keys = ORDER_KEYS[order.field ?? CustomerOrderField.NAME];
  const ascending = (order.direction === OrderDirection.ASC) !== page.backward;
  const q = base.clone().select(CUSTOMER_COLUMNS);
  const cursor = cursorValues(page, keys.types);
  if (cursor) {
    const tuple = keys.columns.map((c) => `c.${c}`).join(', ');
    q.whereRaw(`(${tuple}) ${ascending ? '>' : '<'} (${keys.columns.map(() => '?').join(', ')})`, cursor as never[]);
  }
  q.orderBy(keys.columns.map((c) => ({ column: `c.${c}`, order: ascending ? 'asc' : 'desc' }))).limit(page.size + 1);
  const rows = await q;
  return toConnection(
    rows,
    page,
    (r) => keys.cursor(r),
    (r) => toCustomer(r, ctx.config.reportingCurrency, ctx.now),
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

type OrderRow = Record<string, unknown>;

/**
 * A page in another module's order. The list is also bounded to the customers within the reach of the
 * ordering's capability: its order reveals that module's data about each of them.
 *
 * The list is two parts: customers with a value for the keys, in the direction asked with ties by id the
 * other way (so that an index like risk's `(score desc, customer_id)` serves the part in either direction,
 * read forwards or backwards, and a page stops after its rows), then those without, by id. A page reads
 * the part its cursor is in, and the next part only when the first ends within the page: one statement,
 * two on the page where the parts meet.
 */
async function listByContributedOrder(ctx: Context, base: Knex.QueryBuilder, ordering: CustomerOrdering, direction: OrderDirection, page: PageRequest) {
  withinReach(base, reachOf(ctx.viewer, ordering.capability));
  const n = ordering.keys.length;
  const cursor = page.cursor;
  if (cursor) {
    const unvalued = cursor.length === n + 1 && cursor.slice(0, n).every((v) => v === null);
    const ok = cursor.length === n + 1
      && typeof cursor[n] === 'string' && UUID_TEXT.test(cursor[n] as string)
      && (unvalued || cursor.slice(0, n).every((v, i) => v !== null && validKeyValue(v, ordering.keys[i].type)));
    if (!ok) throw badInput('The cursor is not valid for this list and ordering');
  }
  const head = ordering.keys[0].sql;
  const cursorValued = cursor ? cursor[0] !== null : null;
  // In walking order: forwards the valued part comes first; backwards (from the end) the unvalued one.
  const parts = page.backward ? (['unvalued', 'valued'] as const) : (['valued', 'unvalued'] as const);
  const rows: OrderRow[] = [];
  for (const part of parts) {
    const hasCursor = cursor !== null && cursorValued === (part === 'valued');
    // A part wholly behind the cursor in walking order is not read.
    if (cursor !== null && !hasCursor && part === parts[0]) continue;
    const q = base.clone().select(CUSTOMER_COLUMNS);
    ordering.join(q);
    ordering.keys.forEach((k, i) => q.select(reader(ctx).raw(`${k.sql} as ??`, [`order_key_${i}`])));
    // Each column's direction in walking order: true = ascending.
    const columns: { sql: string; cast: string; ascending: boolean }[] = part === 'valued'
      ? [
        ...ordering.keys.map((k) => ({ sql: k.sql, cast: CASTS[k.type], ascending: (direction === OrderDirection.ASC) !== page.backward })),
        { sql: 'c.id', cast: 'uuid', ascending: (direction === OrderDirection.DESC) !== page.backward },
      ]
      : [{ sql: 'c.id', cast: 'uuid', ascending: !page.backward }];
    q.whereRaw(`${head} is ${part === 'valued' ? 'not ' : ''}null`);
    if (hasCursor) {
      const values = part === 'valued' ? cursor : [cursor[n]];
      const bindings: unknown[] = [];
      const branches = columns.map((col, i) => {
        const parts = columns.slice(0, i).map((p, j) => {
          bindings.push(values[j]);
          return `${p.sql} = ?::${p.cast}`;
        });
        bindings.push(values[i]);
        parts.push(`${col.sql} ${col.ascending ? '>' : '<'} ?::${col.cast}`);
        return `(${parts.join(' and ')})`;
      });
      // The first column's bound on its own as well, so that an index on it starts the scan at the cursor.
      const first = columns[0];
      q.whereRaw(`${first.sql} ${first.ascending ? '>=' : '<='} ?::${first.cast}`, [values[0]] as never[]);
      q.whereRaw(`(${branches.join(' or ')})`, bindings as never[]);
    }
    q.orderByRaw(columns.map((col) => `${col.sql} ${col.ascending ? 'asc' : 'desc'}`).join(', ')).limit(page.size + 1 - rows.length);
    rows.push(...((await q) as OrderRow[]));
    if (rows.length > page.size) break;
  }
  return toConnection(
    rows,
    page,
    (r) => [...ordering.keys.map((_, i) => cursorText(r[`order_key_${i}`])), r.id],
    (r) => toCustomer(r, ctx.config.reportingCurrency, ctx.now),
    async () => Number((await base.clone().count({ n: '*' }).first())?.n ?? 0),
  );
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function customersByKeys(ctx: Context, keys: readonly string[]): Promise<CustomerView[]> {
  if (keys.length === 0) return [];
  const q = reader(ctx)('customer as c').select(CUSTOMER_COLUMNS).whereRaw(...anyOf('c.id', 'uuid', keys));
  withinBook(q, ctx);
  return (await q).map((r: unknown) => toCustomer(r, ctx.config.reportingCurrency, ctx.now));
}

export async function accountsByCustomerKeys(ctx: Context, customerKeys: readonly string[]): Promise<AccountView[]> {
  const knex = reader(ctx);
  const q = knex('account as a')
    .select(accountColumns(knex, 'a'))
    .whereRaw(...anyOf('a.customer_id', 'uuid', customerKeys))
    .orderBy([{ column: 'a.opened_at' }, { column: 'a.id' }]);
  return (await levelRows(ctx, q)).map(toAccount);
}

export async function accountsByKeys(ctx: Context, keys: readonly string[]): Promise<AccountView[]> {
  const knex = reader(ctx);
  const q = knex('account as a').select(accountColumns(knex, 'a')).join('customer as c', 'c.id', 'a.customer_id').whereRaw(...anyOf('a.id', 'uuid', keys));
  withinBook(q, ctx);
  return (await q).map(toAccount);
}

export async function staffByKeys(ctx: Context, keys: readonly string[]): Promise<StaffMemberView[]> {
  const q = reader(ctx)('staff_user').select('id', 'subject', 'name').whereRaw(...anyOf('id', 'uuid', keys));
  return (await levelRows(ctx, q)).map(toStaffMember);
}
