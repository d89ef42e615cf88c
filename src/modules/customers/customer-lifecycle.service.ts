// The customer's lifecycle as other modules drive it (offboarding, win-back). Each function runs on
// the caller's EntityManager, inside the caller's transaction, and writes its own audit events; the
// caller decides whether the change is allowed, these functions only refuse what would corrupt data.
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { knexRunner, recomputeDerivedFields } from './derived-fields.sql';
import { diffFields, recordAudit, type AuditActor } from '../../audit/audit.writer';
import { Account, AccountStatus, AccountType, DEBT_ACCOUNT_TYPES } from './account.entity';
import { Customer, CUSTOMER_PII_FIELDS, CustomerStatus } from './customer.entity';
import { StaffUser } from './staff-user.entity';

export interface CustomerStanding {
  id: string;
  status: CustomerStatus;
  restricted: boolean;
  rmId: string | null;
  exitedAt: Date | null;
  /** The customer's personal data was anonymised after the retention period: nothing personal may be recorded again. */
  anonymised: boolean;
}

export interface AccountSnapshot {
  id: string;
  externalRef: string;
  type: AccountType;
  status: AccountStatus;
  currency: string;
  /** Deposit products hold a balance; debt products carry an outstanding amount. */
  debt: boolean;
  balanceMinor: bigint;
  outstandingMinor: bigint;
}

// Personal data is audited by name only, the stored ciphertext of the national id included.
const PII = new Set([...CUSTOMER_PII_FIELDS, 'nationalIdEnc']);

const LIFECYCLE_FIELDS = ['status', 'restricted', 'exitedAt', 'wonBackAt'] as const;

async function load(em: EntityManager, customerId: string): Promise<Customer> {
  const customer = await em.findOne(Customer, { id: customerId });
  if (!customer) throw new Error(`customer ${customerId} does not exist`);
  return customer;
}

async function change(
  em: EntityManager,
  actor: AuditActor,
  customerId: string,
  action: string,
  apply: (c: Customer) => void,
  fields: readonly string[] = LIFECYCLE_FIELDS,
): Promise<void> {
  const customer = await load(em, customerId);
  const snap = (c: Customer) => Object.fromEntries(fields.map((f) => [f, (c as unknown as Record<string, unknown>)[f] ?? null]));
  const before = snap(customer);
  apply(customer);
  const changes = diffFields(before, snap(customer), PII);
  if (changes.length === 0) return;
  customer.updatedAt = actor.now;
  recordAudit(em, actor, { action, entityType: 'Customer', entityId: customer.id, customerId: customer.id, changes });
}

/** Where the customer stands, or null when there is no such customer. */
export async function customerStanding(em: EntityManager, customerId: string): Promise<CustomerStanding | null> {
  const c = await em.findOne(Customer, { id: customerId });
  if (!c) return null;
  return { id: c.id, status: c.status, restricted: c.restricted, rmId: c.relationshipManager?.id ?? null, exitedAt: c.exitedAt ?? null, anonymised: c.anonymisedAt != null };
}

/** Where each customer named by external reference stands, in one statement; unknown references are left out. */
export async function customerStandingsByRefs(em: EntityManager, externalRefs: readonly string[]): Promise<Map<string, CustomerStanding>> {
  if (externalRefs.length === 0) return new Map();
  const rows: { id: string; external_ref: string; status: CustomerStatus; restricted: boolean; rm_id: string | null; exited_at: string | Date | null; anonymised: boolean }[] =
    await em.execute(
      'select id, external_ref, status, restricted, rm_id, exited_at, anonymised_at is not null as anonymised from customer where external_ref in (select jsonb_array_elements_text(?::jsonb))',
      [JSON.stringify(externalRefs)],
    );
  return new Map(rows.map((r) => [r.external_ref, {
    id: r.id, status: r.status, restricted: r.restricted, rmId: r.rm_id, exitedAt: r.exited_at == null ? null : new Date(r.exited_at),
    anonymised: r.anonymised,
  }]));
}

/** Whether a member of staff with this id exists (to assign work to them). */
export async function staffMemberExists(em: EntityManager, staffId: string): Promise<boolean> {
  return (await em.count(StaffUser, { id: staffId })) > 0;
}

/** An offboarding case opened: the customer is on the way out. */
export function markOffboarding(em: EntityManager, actor: AuditActor, customerId: string): Promise<void> {
  return change(em, actor, customerId, 'customer.status_changed', (c) => {
    if (c.status !== CustomerStatus.ACTIVE) throw new Error(`customer ${customerId} is ${c.status}, not ACTIVE`);
    c.status = CustomerStatus.OFFBOARDING;
  });
}

/** The customer stays (retained, cancelled, or only some accounts closed). */
export function markActive(em: EntityManager, actor: AuditActor, customerId: string): Promise<void> {
  return change(em, actor, customerId, 'customer.status_changed', (c) => {
    c.status = CustomerStatus.ACTIVE;
  });
}

/** The relationship has ended; a customer the bank exited may not open new products. */
export function markExited(em: EntityManager, actor: AuditActor, customerId: string, options: { restricted: boolean }): Promise<void> {
  return change(em, actor, customerId, 'customer.exited', (c) => {
    c.status = CustomerStatus.EXITED;
    c.exitedAt = actor.now;
    if (options.restricted) c.restricted = true;
  });
}

/** A customer who left comes back. */
export function recordWinBack(em: EntityManager, actor: AuditActor, customerId: string): Promise<void> {
  return change(em, actor, customerId, 'customer.won_back', (c) => {
    if (c.status !== CustomerStatus.EXITED) throw new Error(`customer ${customerId} is ${c.status}, not EXITED`);
    c.status = CustomerStatus.ACTIVE;
    c.wonBackAt = actor.now;
  });
}

/**
 * The accounts an exit covers, read live: `accountIds` of the customer (any status), or, when null,
 * every account of the customer that is not closed yet.
 */
export async function accountsInScope(em: EntityManager, customerId: string, accountIds: string[] | null): Promise<AccountSnapshot[]> {
  const where = accountIds === null
    ? { customer: customerId, status: { $ne: AccountStatus.CLOSED } }
    : { customer: customerId, id: { $in: accountIds } };
  const rows = await em.find(Account, where, { orderBy: { openedAt: 'asc', id: 'asc' }, refresh: true });
  return rows.map((a) => ({
    id: a.id,
    externalRef: a.externalRef,
    type: a.type,
    status: a.status,
    currency: a.currency,
    debt: DEBT_ACCOUNT_TYPES.has(a.type),
    balanceMinor: BigInt(a.balanceMinor),
    outstandingMinor: BigInt(a.outstandingMinor),
  }));
}

/**
 * Closes the customer's accounts `accountIds` (those not closed yet), one audit event each, and
 * recomputes the customer's derived columns (totals, open products) in the same transaction.
 */
export async function closeAccounts(
  em: EntityManager,
  actor: AuditActor & { reportingCurrency: string },
  customerId: string,
  accountIds: string[],
): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const accounts = await em.find(Account, { customer: customerId, id: { $in: accountIds }, status: { $ne: AccountStatus.CLOSED } });
  const closedOn = actor.now.toISOString().slice(0, 10);
  for (const a of accounts) {
    const before = { status: a.status, closedAt: a.closedAt ?? null };
    a.status = AccountStatus.CLOSED;
    a.closedAt = closedOn;
    a.updatedAt = actor.now;
    // A feed message describing the account before its closure must not reopen it (and an asOf
    // already ahead of the clock stays where it is).
    if (!a.asOf || a.asOf < actor.now) a.asOf = actor.now;
    recordAudit(em, actor, {
      action: 'account.closed',
      entityType: 'Account',
      entityId: a.id,
      customerId,
      changes: diffFields(before, { status: a.status, closedAt: a.closedAt }),
    });
  }
  if (accounts.length) {
    await em.flush();
    // The same statement ingestion uses, on this transaction's connection.
    const db = (em.getTransactionContext() ?? em.getKnex()) as Knex;
    await recomputeDerivedFields(knexRunner(db), { customerIds: [customerId], now: actor.now, reportingCurrency: actor.reportingCurrency });
    const customer = em.getUnitOfWork().getById<Customer>(Customer.name, customerId);
    if (customer) await em.refresh(customer);
  }
  return accounts.map((a) => a.id);
}

const MARKETING_FIELDS = ['marketingConsent', 'marketingConsentAt', 'preferredChannel'] as const;

/** Erases what the customer agreed to for marketing only; returns the field names that changed. */
export async function eraseMarketingData(em: EntityManager, actor: AuditActor, customerId: string): Promise<string[]> {
  const customer = await load(em, customerId);
  const erased = MARKETING_FIELDS.filter((f) => customer[f] != null && customer[f] !== false);
  await change(em, actor, customerId, 'customer.marketing_data_erased', (c) => {
    c.marketingConsent = false;
    c.marketingConsentAt = null;
    c.preferredChannel = null;
  }, MARKETING_FIELDS);
  return erased;
}

export const ANONYMISED_NAME = { firstName: 'Anonymised', lastName: 'Customer' } as const;

/** Replaces the customer's personal data for good (names included); the audit names the fields only. */
export function anonymiseCustomer(em: EntityManager, actor: AuditActor, customerId: string): Promise<void> {
  const fields = [...CUSTOMER_PII_FIELDS].map((f) => (f === 'nationalId' ? 'nationalIdEnc' : f));
  return change(em, actor, customerId, 'customer.anonymised', (c) => {
    c.anonymisedAt = actor.now;
    c.firstName = ANONYMISED_NAME.firstName;
    c.lastName = ANONYMISED_NAME.lastName;
    c.email = null;
    c.phone = null;
    c.dateOfBirth = null;
    c.nationalIdEnc = null;
    c.address = null;
    c.marketingConsent = false;
    c.marketingConsentAt = null;
    c.preferredChannel = null;
  }, [...fields, ...MARKETING_FIELDS]);
}
