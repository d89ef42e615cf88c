// What every offboarding write needs: its dependencies, one transaction, and the case row locked, with
// the check that the viewer may work it.
import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditActor } from '../../audit/audit.writer';
import { actorOf } from '../../auth/viewer';
import type { ServiceDeps } from '../../domain/deps';
import { conflict, notFound } from '../../domain/errors';
import type { Anonymiser, ChecklistContributor } from '../../module';
import { customerStanding } from '../customers/public';
import { assertMayWork } from './offboarding.rules';
import type { TransitionName } from './state-machine';
import { OffboardingCase } from './offboarding-case.entity';

export interface OffboardingDeps extends ServiceDeps {
  /** Other modules' parts of the settlement checklist. */
  contributors: ChecklistContributor[];
  /** Every module's part of anonymising a customer (this module's own included), in registry order. */
  anonymisers: Anonymiser[];
}

export const actorIdOf = (deps: AuditActor): string => actorOf(deps.viewer).id;

/** Runs `fn` in a transaction; a write that lost an optimistic-lock race is a CONFLICT. */
export async function inTransaction<T>(deps: OffboardingDeps, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await deps.em.transactional(fn);
  } catch (err) {
    if (err instanceof OptimisticLockError) conflict('Someone else changed this while you were saving; read it again');
    throw err;
  }
}

/** The case row, locked until the transaction ends, so that overlapping operations take turns. */
export async function lockCase(em: EntityManager, key: string): Promise<OffboardingCase> {
  const c = await em.findOne(OffboardingCase, { id: key }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!c) notFound('OffboardingCase');
  return c;
}

/** Locks the case and checks that the viewer may work it (and take `step`); the customer's standing comes along. */
export async function caseToWork(em: EntityManager, deps: AuditActor, key: string, what = 'OffboardingCase', step?: TransitionName) {
  const c = await lockCase(em, key);
  const standing = (await customerStanding(em, c.customerId))!;
  assertMayWork(deps.viewer, c.initiatedBy, standing.rmId, what, step);
  return { c, standing };
}

