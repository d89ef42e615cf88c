// The settlement checklist: made from what the customer holds in scope when settlement starts, plus the
// items other modules contribute; ticked one item at a time, with balances read live at tick time, so
// that an ingested balance change is what makes a loan's item tickable.
import type { EntityManager } from '@mikro-orm/postgresql';
import { diffFields, recordAudit } from '../../audit/audit.writer';
import { notFound } from '../../domain/errors';
import { formatMinor } from '../../domain/money';
import type { ChecklistItemSpec } from '../../module';
import { accountsInScope, type AccountSnapshot, AccountStatus, AccountType } from '../customers/public';
import { ChecklistItem, CORE_SOURCE, CoreItemKind } from './checklist-item.entity';
import { OffboardingErrorCode as E, refuse } from './offboarding.errors';
import type { CompleteChecklistItemInput } from './offboarding.inputs';
import { actorIdOf, caseToWork, inTransaction, type OffboardingDeps } from './offboarding.deps';
import { CaseState, type OffboardingCase, OffboardingScope } from './offboarding-case.entity';

const LABEL_TYPE: Record<AccountType, string> = {
  CURRENT: 'current account', SAVINGS: 'savings account', TERM_DEPOSIT: 'term deposit', CREDIT_CARD: 'credit card',
  PERSONAL_LOAN: 'personal loan', MORTGAGE: 'mortgage', WEALTH: 'wealth account',
};

const amount = (minor: bigint, currency: string) => `${formatMinor(minor, currency)} ${currency}`;

/** Offboarding's own items for the accounts in scope. */
function coreItems(accounts: AccountSnapshot[]): ChecklistItemSpec[] {
  const items: ChecklistItemSpec[] = [];
  for (const a of accounts) {
    const name = `${LABEL_TYPE[a.type]} ${a.externalRef}`;
    if (a.debt && a.outstandingMinor > 0n) {
      items.push({ kind: CoreItemKind.SETTLE_DEBT, accountId: a.id, label: `Settle the ${name} (${amount(a.outstandingMinor, a.currency)} owed)` });
    }
    if (!a.debt && a.balanceMinor > 0n) {
      items.push({ kind: CoreItemKind.MOVE_BALANCE, accountId: a.id, label: `Move the balance of the ${name} out and record where it went` });
    }
    if (a.type === AccountType.CREDIT_CARD) items.push({ kind: CoreItemKind.CANCEL_CARD, accountId: a.id, label: `Cancel the cards of the ${name}` });
    if (a.type === AccountType.CURRENT) {
      items.push({ kind: CoreItemKind.HAND_OVER_PAYMENTS, accountId: a.id, label: `Give the customer the standing orders and direct debits of the ${name}` });
    }
  }
  items.push({ kind: CoreItemKind.FINAL_STATEMENT, label: 'Send the final statement' });
  if (accounts.some((a) => a.debt)) items.push({ kind: CoreItemKind.CREDIT_BUREAU_NOTICE, label: 'Notify the credit bureau of the closed credit accounts' });
  return items;
}

export async function buildChecklist(em: EntityManager, deps: OffboardingDeps, c: OffboardingCase): Promise<void> {
  const accounts = (await accountsInScope(em, c.customerId, c.scope === OffboardingScope.FULL ? null : c.scopeAccountIds))
    .filter((a) => a.status !== AccountStatus.CLOSED);
  const scope = { caseId: c.id, customerId: c.customerId, fullExit: c.scope === OffboardingScope.FULL, accountIds: accounts.map((a) => a.id) };
  const specs: [string, ChecklistItemSpec][] = coreItems(accounts).map((s) => [CORE_SOURCE, s]);
  for (const contributor of deps.contributors) {
    for (const spec of await contributor.itemsFor(em, scope)) specs.push([contributor.source, spec]);
  }
  specs.forEach(([source, spec], position) => {
    em.create(ChecklistItem, {
      createdAt: deps.now,
      updatedAt: deps.now,
      caseId: c.id,
      position,
      source,
      kind: spec.kind,
      label: spec.label,
      required: spec.required ?? true,
      accountId: spec.accountId ?? null,
    });
  });
}

/** Why the item cannot be ticked now, read live; null when it can. */
async function blockerOf(em: EntityManager, deps: OffboardingDeps, c: OffboardingCase, item: ChecklistItem): Promise<string | null> {
  if (item.source !== CORE_SOURCE) {
    const contributor = deps.contributors.find((x) => x.source === item.source);
    return (await contributor?.blockerFor?.(em, { kind: item.kind, accountId: item.accountId ?? null, customerId: c.customerId })) ?? null;
  }
  if (item.kind !== CoreItemKind.SETTLE_DEBT || !item.accountId) return null;
  const [account] = await accountsInScope(em, c.customerId, [item.accountId]);
  if (account && account.outstandingMinor > 0n) {
    return `Account ${account.externalRef} still shows ${amount(account.outstandingMinor, account.currency)} owed; tick it once core banking reports it settled`;
  }
  return null;
}

/** Ticks an item: the item by key, with where its balance went and a note as the caller sent them. */
export async function completeChecklistItem(
  deps: OffboardingDeps,
  input: Omit<CompleteChecklistItemInput, 'itemId'> & { itemKey: string },
): Promise<string> {
  const key = input.itemKey;
  return inTransaction(deps, async (em) => {
    const found = await em.findOne(ChecklistItem, { id: key });
    if (!found) notFound('ChecklistItem');
    // The case lock serialises ticks with closing; the item is read again under it.
    const { c } = await caseToWork(em, deps, found.caseId, 'ChecklistItem');
    const item = (await em.findOne(ChecklistItem, { id: key }, { refresh: true }))!;
    if (c.state !== CaseState.SETTLEMENT) refuse(E.INVALID_TRANSITION, `The checklist is worked in SETTLEMENT; the case is ${c.state}`);
    if (item.doneAt) refuse(E.ITEM_DONE, `The item was done at ${item.doneAt.toISOString()} by ${item.doneBy}`);
    const blocker = await blockerOf(em, deps, c, item);
    if (blocker) refuse(item.kind === CoreItemKind.SETTLE_DEBT ? E.MONEY_OWED : E.ITEM_BLOCKED, blocker);

    const before = { doneAt: null, doneBy: null, destination: null, amountMinor: null, note: null };
    if (item.source === CORE_SOURCE && item.kind === CoreItemKind.MOVE_BALANCE) {
      if (!input.destination?.trim()) refuse(E.DESTINATION_REQUIRED, 'Record where the balance went', ['input', 'destination']);
      const [account] = await accountsInScope(em, c.customerId, [item.accountId!]);
      item.destination = input.destination.trim();
      item.amountMinor = account ? account.balanceMinor.toString() : null;
      item.currency = account?.currency ?? null;
    }
    item.doneAt = deps.now;
    item.doneBy = actorIdOf(deps);
    item.note = input.note?.trim() || null;
    item.updatedAt = deps.now;
    recordAudit(em, deps, {
      action: 'offboarding.checklist_item_done',
      entityType: 'ChecklistItem',
      entityId: item.id,
      customerId: c.customerId,
      changes: diffFields(before, {
        doneAt: item.doneAt, doneBy: item.doneBy, destination: item.destination ?? null, amountMinor: item.amountMinor ?? null, note: item.note,
      }, new Set(['note', 'destination'])),
    });
    return c.id;
  });
}
