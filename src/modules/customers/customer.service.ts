// Writes to customers: business rules, one transaction, the audit event in the same transaction.
import { LockMode, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { diffFields, recordAudit, type AuditActor } from '../../audit/audit.writer';
import { canFor } from '../../auth/permissions';
import { conflict, forbidden, notFound, userError, UserErrorsException } from '../../graphql/errors';
import { keyOf } from '../../graphql/relay';
import { Customer, CUSTOMER_PII_FIELDS } from './customer.entity';
import { CustomerErrorCode } from './customer.errors';
import type { CreateCustomerInput, UpdateCustomerInput } from './customer.inputs';
import { StaffUser } from './staff-user.entity';
import { encryptNationalId } from './national-id.crypto';
import { customerCapabilities } from './permissions';
import type { Config } from '../../config';

export interface ServiceContext extends AuditActor {
  em: EntityManager;
  /** Encryption keys for personal data. */
  pii: Config['pii'];
}

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

async function findStaff(em: EntityManager, staffId: string | undefined, path: string[]): Promise<StaffUser | null> {
  if (!staffId) return null;
  const parsedKey = (() => {
    try {
      return keyOf(staffId, 'StaffMember');
    } catch {
      return null;
    }
  })();
  const staff = parsedKey ? await em.findOne(StaffUser, { id: parsedKey }) : null;
  if (!staff) {
    throw new UserErrorsException([userError(path, CustomerErrorCode.UNKNOWN_RELATIONSHIP_MANAGER, 'No staff member has this id')]);
  }
  return staff;
}

export async function createCustomer(ctx: ServiceContext, input: CreateCustomerInput): Promise<string> {
  return ctx.em.transactional(async (em) => {
    const rm = await findStaff(em, input.relationshipManagerId, ['input', 'relationshipManagerId']);
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
    if (input.nationalId) customer.nationalIdEnc = encryptNationalId(ctx.pii, input.nationalId.trim(), customer.id);
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
        throw new UserErrorsException([
          userError(['input', 'externalRef'], CustomerErrorCode.EXTERNAL_REF_TAKEN, 'A customer with this externalRef exists already'),
        ]);
      }
      throw err;
    }
    return customer.id;
  });
}

export async function updateCustomer(ctx: ServiceContext, input: UpdateCustomerInput): Promise<string> {
  const key = keyOf(input.id, 'Customer', 'Customer');
  try {
    return await ctx.em.transactional(async (em) => {
      const customer = await em.findOne(Customer, { id: key });
      const rmKey = customer?.relationshipManager?.id ?? null;
      // A customer the viewer may not read does not exist for them; one they may read but not change is forbidden.
      if (!customer || !canFor(ctx.viewer, customerCapabilities.read, rmKey)) throw notFound('Customer');
      if (!canFor(ctx.viewer, customerCapabilities.update, rmKey)) throw forbidden('You may change only the customers in your book');
      if (customer.version !== input.version) {
        throw conflict(`Customer was changed by someone else (version ${customer.version}, you sent ${input.version}); read it again`);
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
        throw new UserErrorsException([userError(['input'], CustomerErrorCode.NOTHING_TO_CHANGE, 'The input changes nothing')]);
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
      throw conflict('Customer was changed by someone else while you were saving; read it again');
    }
    throw err;
  }
}

export async function assignRelationshipManager(ctx: ServiceContext, customerId: string, staffId: string | null | undefined): Promise<string> {
  const key = keyOf(customerId, 'Customer', 'Customer');
  return ctx.em.transactional(async (em) => {
    const customer = await em.findOne(Customer, { id: key }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!customer) throw notFound('Customer');
    const rm = staffId ? await findStaff(em, staffId, ['input', 'relationshipManagerId']) : null;
    const before = customer.relationshipManager?.id ?? null;
    if (before === (rm?.id ?? null)) {
      throw new UserErrorsException([userError(['input', 'relationshipManagerId'], CustomerErrorCode.NOTHING_TO_CHANGE, 'The customer has this relationship manager already')]);
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
