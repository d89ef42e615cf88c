// Writes to customers: business rules, one transaction, the audit event in the same transaction.
import { LockMode, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { diffFields, recordAudit } from '../../audit/audit.writer';
import { canFor } from '../../auth/permissions';
import type { ServiceDeps } from '../../domain/deps';
import { conflict, forbidden, notFound } from '../../domain/errors';
import { Customer, CUSTOMER_PII_FIELDS } from './customer.entity';
import { CustomerErrorCode, customerErrors } from './customer.errors';
import type { CreateCustomerInput, UpdateCustomerInput } from './customer.inputs';
import { StaffUser } from './staff-user.entity';
import { encryptNationalId } from './national-id.crypto';
import { customerCapabilities } from './permissions';

/** A new customer's profile; the relationship manager by key. */
export type NewCustomer = Omit<CreateCustomerInput, 'relationshipManagerId'> & { relationshipManagerKey?: string | null };

/** Profile changes to a customer, made against the version the caller read. */
export type CustomerChanges = Omit<UpdateCustomerInput, 'id'>;

const PROFILE_FIELDS = [
  'firstName', 'lastName', 'email', 'phone', 'address', 'region', 'preferredChannel', 'marketingConsent',
] as const;

function snapshot(c: Customer): Record<string, unknown> {
  return {
    externalRef: c.externalRef,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email ?? null,
    phone: c.phone ?? null,
    dateOfBirth: c.dateOfBirth ?? null,
    nationalId: c.nationalIdEnc ?? null,
    address: c.address ?? null,
    region: c.region ?? null,
    preferredChannel: c.preferredChannel ?? null,
    marketingConsent: c.marketingConsent,
    status: c.status,
    relationshipManager: c.relationshipManager?.id ?? null,
  };
}

async function findStaff(em: EntityManager, staffKey: string | null | undefined, path: string[]): Promise<StaffUser | null> {
  if (!staffKey) return null;
  const staff = await em.findOne(StaffUser, { id: staffKey });
  if (!staff) customerErrors.fail(CustomerErrorCode.UNKNOWN_RELATIONSHIP_MANAGER, 'No staff member has this id', path);
  return staff;
}

export async function createCustomer(ctx: ServiceDeps, input: NewCustomer): Promise<string> {
  return ctx.em.transactional(async (em) => {
    const rm = await findStaff(em, input.relationshipManagerKey, ['input', 'relationshipManagerId']);
    const now = ctx.now;
    const customer = em.create(Customer, {
      createdAt: now,
      updatedAt: now,
      externalRef: input.externalRef,
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      email: input.email ?? null,
      phone: input.phone ?? null,
      dateOfBirth: input.dateOfBirth ?? null,
      address: input.address ?? null,
      region: input.region ?? null,
      preferredChannel: input.preferredChannel ?? null,
      marketingConsent: input.marketingConsent ?? false,
      marketingConsentAt: input.marketingConsent ? now : null,
      joinedAt: input.joinedAt ?? now,
      relationshipManager: rm,
    });
    if (input.nationalId) customer.nationalIdEnc = encryptNationalId(ctx.config.pii, input.nationalId.trim(), customer.id);
    recordAudit(em, ctx, {
      action: 'customer.created',
      entityType: 'Customer',
      entityId: customer.id,
      customerId: customer.id,
      changes: diffFields({}, snapshot(customer), CUSTOMER_PII_FIELDS),
    });
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        customerErrors.fail(CustomerErrorCode.EXTERNAL_REF_TAKEN, 'A customer with this externalRef exists already', ['input', 'externalRef']);
      }
      throw err;
    }
    return customer.id;
  });
}

export async function updateCustomer(ctx: ServiceDeps, key: string, input: CustomerChanges): Promise<string> {
  try {
    return await ctx.em.transactional(async (em) => {
      const customer = await em.findOne(Customer, { id: key });
      const rmKey = customer?.relationshipManager?.id ?? null;
      // A customer the viewer may not read does not exist for them; one they may read but not change is forbidden.
      if (!customer || !canFor(ctx.viewer, customerCapabilities.read, rmKey)) notFound('Customer');
      if (!canFor(ctx.viewer, customerCapabilities.update, rmKey)) forbidden('You may change only the customers in your book');
      if (customer.version !== input.version) {
        conflict(`Customer was changed by someone else (version ${customer.version}, you sent ${input.version}); read it again`);
      }
      const before = snapshot(customer);
      let changed = false;
      for (const field of PROFILE_FIELDS) {
        const value = input[field];
        if (value === undefined || value === null) continue;
        const current = (customer as unknown as Record<string, unknown>)[field];
        if (current === value) continue;
        (customer as unknown as Record<string, unknown>)[field] = typeof value === 'string' ? value.trim() : value;
        changed = true;
        if (field === 'marketingConsent') customer.marketingConsentAt = ctx.now;
      }
      if (!changed) {
        customerErrors.fail(CustomerErrorCode.NOTHING_TO_CHANGE, 'The input changes nothing');
      }
      customer.updatedAt = ctx.now;
      // A feed item describing an earlier moment must not overwrite this edit.
      customer.profileAsOf = ctx.now;
      recordAudit(em, ctx, {
        action: 'customer.updated',
        entityType: 'Customer',
        entityId: customer.id,
        customerId: customer.id,
        changes: diffFields(before, snapshot(customer), CUSTOMER_PII_FIELDS),
      });
      await em.flush();
      return customer.id;
    });
  } catch (err) {
    if (err instanceof OptimisticLockError) {
      conflict('Customer was changed by someone else while you were saving; read it again');
    }
    throw err;
  }
}

export async function assignRelationshipManager(ctx: ServiceDeps, key: string, staffKey: string | null | undefined): Promise<string> {
  return ctx.em.transactional(async (em) => {
    const customer = await em.findOne(Customer, { id: key }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!customer) notFound('Customer');
    const rm = await findStaff(em, staffKey, ['input', 'relationshipManagerId']);
    const before = customer.relationshipManager?.id ?? null;
    if (before === (rm?.id ?? null)) {
      customerErrors.fail(CustomerErrorCode.NOTHING_TO_CHANGE, 'The customer has this relationship manager already', ['input', 'relationshipManagerId']);
    }
    customer.relationshipManager = rm;
    customer.updatedAt = ctx.now;
    recordAudit(em, ctx, {
      action: 'customer.relationship_manager_assigned',
      entityType: 'Customer',
      entityId: customer.id,
      customerId: customer.id,
      changes: [{ field: 'relationshipManager', old: before, new: rm?.id ?? null }],
    });
    await em.flush();
    return customer.id;
  });
}
