// Thin resolvers for offboarding cases: GraphQL in, queries or service calls, GraphQL out.
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { badInput, notFound } from '../../graphql/errors';
import { keyOf, keyOrNull, pageRequest, toGlobalId } from '../../graphql/relay';
import { referenceKey } from '../../graphql/references';
import { validateInput } from '../../graphql/validate';
import { contributionsOf } from '../../module';
import { AccountView, customerLoader, CustomerView, staffLoader, StaffMemberView } from '../customers/public';
import { completeChecklistItem } from './checklist.service';
import { CoreItemKind, CORE_SOURCE } from './checklist-item.entity';
import {
  AssignOffboardingCaseInput, CancelOffboardingInput, CaseTransitionInput, CompleteChecklistItemInput, FinalStatementInput,
  OffboardingCasesArgs, RecordRetentionAttemptInput, StartOffboardingInput,
} from './offboarding.inputs';
import { accountLoader, caseLoader, checklistLoader, historyLoader, retentionAttemptsLoader } from './offboarding.loaders';
import { writePayload } from './offboarding.payload';
import { listCases } from './offboarding.queries';
import {
  approveExit, assignOffboardingCase, cancelOffboarding, closeOffboarding, notifyCustomer, recordRetentionAttempt, retainCustomer,
  startOffboarding, startSettlement, submitForApproval,
} from './offboarding.service';
import type { OffboardingDeps } from './offboarding.deps';
import { CaseState, InitiatedBy } from './offboarding-case.entity';
import {
  CaseTransitionView, ChecklistItemView, FinalStatement, OffboardingCaseConnection, OffboardingCasePayload, OffboardingCaseView,
  RetentionAttemptView,
} from './offboarding.type';

/** The case an input names, by key (an id of no case answers NOT_FOUND). */
function onCase<T extends { caseId: string }>({ caseId, ...rest }: T): Omit<T, 'caseId'> & { caseKey: string } {
  return { ...rest, caseKey: keyOf(caseId, 'OffboardingCase') };
}

/** A staff member an input names: none, or a key (an id of no one is answered by the service). */
const staffKeyOf = (id: string | null | undefined) => (id ? referenceKey(id, 'StaffMember') : null);

function casePayload(ctx: Context, input: object, write: (deps: OffboardingDeps) => Promise<string>) {
  return writePayload(ctx, input, 'offboardingCase', write, (key) => caseLoader(ctx).clear(key).load(key));
}

/** The final statement: addressed to the customer, so it never carries the bank's reason. */
async function statementOf(ctx: Context, caseKey: string): Promise<FinalStatement> {
  const c = await caseLoader(ctx).load(caseKey);
  if (!c) throw notFound('OffboardingCase');
  if (c.state !== CaseState.CLOSED || !c.closedAt) throw badInput(`The final statement is made once the case has closed; it is ${c.state}`);
  const [customer, items] = await Promise.all([customerLoader(ctx).load(c.customerKey), checklistLoader(ctx).load(caseKey)]);
  if (!customer) throw notFound('OffboardingCase');
  const accountKeys = [...new Set([...c.closedAccountKeys, ...items.flatMap((i) => (i.accountKey ? [i.accountKey] : []))])];
  const accounts = new Map<string, AccountView>();
  for (const a of await accountLoader(ctx).loadMany(accountKeys)) if (a && !(a instanceof Error)) accounts.set(a.key, a);
  const ref = (key: string | null) => (key && accounts.get(key)?.externalRef) || '';
  const core = (kind: CoreItemKind) => items.filter((i) => i.source === CORE_SOURCE && i.kind === kind && i.done && i.accountKey);
  return {
    caseId: c.id,
    customerId: customer.id,
    customerName: customer.displayName,
    initiatedBy: c.initiatedBy,
    customerReason: c.initiatedBy === InitiatedBy.CUSTOMER ? c.reason : null,
    scope: c.scope,
    requestedAt: c.createdAt,
    noticeGivenAt: c.notifiedAt,
    noticeEndedAt: c.noticeEndsAt,
    closedAt: c.closedAt,
    accountsClosed: c.closedAccountKeys.flatMap((k) => {
      const a = accounts.get(k);
      return a ? [{ accountId: a.id, externalRef: a.externalRef, type: a.type, closedOn: a.closedAt }] : [];
    }),
    balancesMoved: core(CoreItemKind.MOVE_BALANCE).map((i) => ({
      accountId: toGlobalId('Account', i.accountKey!), externalRef: ref(i.accountKey), amount: i.amount, destination: i.destination ?? '', movedAt: i.doneAt!,
    })),
    debtsSettled: core(CoreItemKind.SETTLE_DEBT).map((i) => ({
      accountId: toGlobalId('Account', i.accountKey!), externalRef: ref(i.accountKey), settledAt: i.doneAt!,
    })),
    recordsKeptUntil: c.retainUntil!,
    legalBasis: c.legalBasis!,
  };
}

@Resolver(() => OffboardingCaseView)
export class OffboardingResolver {
  @Query(() => OffboardingCaseConnection, { description: 'Offboarding cases you may see, oldest first, a page at a time.' })
  async offboardingCases(@Args() args: OffboardingCasesArgs, @Ctx() ctx: Context) {
    const page = pageRequest(args, 2);
    const f = args.filter ?? {};
    const assigneeKey = f.assigneeId ? keyOrNull(f.assigneeId, 'StaffMember') : undefined;
    const customerKey = f.customerId ? keyOrNull(f.customerId, 'Customer') : undefined;
    if (assigneeKey === null) throw notFound('StaffMember');
    if (customerKey === null) throw notFound('Customer');
    return listCases(ctx, { stateIn: f.state_in, initiatedBy: f.initiatedBy, reasonIn: f.reason_in, assigneeKey, customerKey, overdue: f.overdue }, page);
  }

  @Query(() => OffboardingCaseView, { description: 'One case by id. Unknown, or outside your book: NOT_FOUND.' })
  async offboardingCase(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const found = await caseLoader(ctx).load(keyOf(id, 'OffboardingCase'));
    if (!found) throw notFound('OffboardingCase');
    return found;
  }

  @Query(() => FinalStatement, { description: 'What a closed exit closed, what moved where and when: for the letter to the customer.' })
  async finalStatement(@Arg('input', () => FinalStatementInput) input: FinalStatementInput, @Ctx() ctx: Context) {
    const invalid = await validateInput(input);
    if (invalid.length) throw badInput(invalid.map((e) => e.message).join('; '));
    return statementOf(ctx, keyOf(input.caseId, 'OffboardingCase'));
  }

  @FieldResolver(() => CustomerView, { nullable: true, description: 'The customer who leaves.' })
  customer(@Root() c: OffboardingCaseView, @Ctx() ctx: Context) {
    return customerLoader(ctx).load(c.customerKey);
  }

  @FieldResolver(() => StaffMemberView, { nullable: true, description: 'Who works the case.' })
  assignee(@Root() c: OffboardingCaseView, @Ctx() ctx: Context) {
    return c.assigneeKey ? staffLoader(ctx).load(c.assigneeKey) : null;
  }

  @FieldResolver(() => [AccountView], { description: 'For a PARTIAL exit, the accounts that close; empty for FULL (every account).' })
  async scopeAccounts(@Root() c: OffboardingCaseView, @Ctx() ctx: Context) {
    const found = await accountLoader(ctx).loadMany(c.scopeAccountKeys);
    return found.filter((a): a is AccountView => !!a && !(a instanceof Error));
  }

  @FieldResolver(() => [CaseTransitionView], { description: 'Every step of the case, oldest first.' })
  history(@Root() c: OffboardingCaseView, @Ctx() ctx: Context) {
    return historyLoader(ctx).load(c.key);
  }

  @FieldResolver(() => [ChecklistItemView], { description: 'The settlement checklist (empty until settlement starts).' })
  checklist(@Root() c: OffboardingCaseView, @Ctx() ctx: Context) {
    return checklistLoader(ctx).load(c.key);
  }

  @FieldResolver(() => [RetentionAttemptView], { description: 'Retention offers made and the customer\'s answers, oldest first.' })
  retentionAttempts(@Root() c: OffboardingCaseView, @Ctx() ctx: Context) {
    return retentionAttemptsLoader(ctx).load(c.key);
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Opens an exit: customer- or bank-initiated, FULL or for some accounts. Case → REQUESTED, customer → OFFBOARDING.' })
  startOffboarding(@Arg('input', () => StartOffboardingInput) input: StartOffboardingInput, @Ctx() ctx: Context) {
    const { customerId, accountIds, assigneeId, ...rest } = input;
    return casePayload(ctx, input, (deps) =>
      startOffboarding(deps, {
        ...rest,
        customerKey: keyOf(customerId, 'Customer'),
        accountKeys: accountIds?.map((id) => referenceKey(id, 'Account')),
        assigneeKey: staffKeyOf(assigneeId),
      }),
    );
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Records a retention offer and the customer\'s answer (customer exits). REQUESTED or RETENTION → RETENTION.' })
  recordRetentionAttempt(@Arg('input', () => RecordRetentionAttemptInput) input: RecordRetentionAttemptInput, @Ctx() ctx: Context) {
    return casePayload(ctx, input, (deps) => recordRetentionAttempt(deps, onCase(input)));
  }

  @Mutation(() => OffboardingCasePayload, { description: 'The customer accepted an offer and stays. RETENTION → RETAINED, customer → ACTIVE.' })
  retainCustomer(@Arg('input', () => CaseTransitionInput) input: CaseTransitionInput, @Ctx() ctx: Context) {
    return casePayload(ctx, input, (deps) => retainCustomer(deps, onCase(input)));
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Submits a bank exit for a compliance officer\'s approval. REQUESTED → PENDING_APPROVAL.' })
  submitForApproval(@Arg('input', () => CaseTransitionInput) input: CaseTransitionInput, @Ctx() ctx: Context) {
    return casePayload(ctx, input, (deps) => submitForApproval(deps, onCase(input)));
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Approves a bank exit (a compliance officer who did not initiate it). PENDING_APPROVAL → NOTICE.' })
  approveExit(@Arg('input', () => CaseTransitionInput) input: CaseTransitionInput, @Ctx() ctx: Context) {
    return casePayload(ctx, input, (deps) => approveExit(deps, onCase(input)));
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Records that the customer was notified of a bank exit; the notice period starts now.' })
  notifyCustomer(@Arg('input', () => CaseTransitionInput) input: CaseTransitionInput, @Ctx() ctx: Context) {
    return casePayload(ctx, input, (deps) => notifyCustomer(deps, onCase(input)));
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Starts settlement and makes the checklist. RETENTION (offer declined) or NOTICE (customer notified) → SETTLEMENT.' })
  startSettlement(@Arg('input', () => CaseTransitionInput) input: CaseTransitionInput, @Ctx() ctx: Context) {
    return casePayload(ctx, input, (deps) => startSettlement(deps, onCase(input)));
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Ticks a checklist item; an item whose account still shows money owed cannot be ticked.' })
  completeChecklistItem(@Arg('input', () => CompleteChecklistItemInput) input: CompleteChecklistItemInput, @Ctx() ctx: Context) {
    const { itemId, ...rest } = input;
    return casePayload(ctx, input, (deps) => completeChecklistItem(deps, { ...rest, itemKey: keyOf(itemId, 'ChecklistItem') }));
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Closes the exit once every required item is done (and a bank exit\'s notice has ended); closes the accounts in scope. SETTLEMENT → CLOSED.' })
  closeOffboarding(@Arg('input', () => CaseTransitionInput) input: CaseTransitionInput, @Ctx() ctx: Context) {
    return casePayload(ctx, input, (deps) => closeOffboarding(deps, onCase(input)));
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Cancels an open case, with a reason; the customer stays. Any open state → CANCELLED.' })
  cancelOffboarding(@Arg('input', () => CancelOffboardingInput) input: CancelOffboardingInput, @Ctx() ctx: Context) {
    return casePayload(ctx, input, (deps) => cancelOffboarding(deps, onCase(input)));
  }

  @Mutation(() => OffboardingCasePayload, { description: 'Gives an open case to another member of staff.' })
  assignOffboardingCase(@Arg('input', () => AssignOffboardingCaseInput) input: AssignOffboardingCaseInput, @Ctx() ctx: Context) {
    const { assigneeId, ...rest } = input;
    return casePayload(ctx, input, (deps) => assignOffboardingCase(deps, { ...onCase(rest), assigneeKey: staffKeyOf(assigneeId) }));
  }
}

@Resolver(() => ChecklistItemView)
export class ChecklistItemResolver {
  @FieldResolver(() => AccountView, { nullable: true, description: 'The account the item is about.' })
  account(@Root() item: ChecklistItemView, @Ctx() ctx: Context) {
    return item.accountKey ? accountLoader(ctx).load(item.accountKey) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why the item cannot be ticked yet (money still owed, or what the module that contributed the item says), read live; null when it can.' })
  async blockedReason(@Root() item: ChecklistItemView, @Ctx() ctx: Context) {
    if (item.done) return null;
    if (item.source !== CORE_SOURCE) {
      // Another module's item: its contributor says, as it does when the item is ticked.
      const contributor = contributionsOf(ctx.modules, 'checklistItems').find((x) => x.source === item.source);
      return (await contributor?.blockerFor?.(ctx.em, { kind: item.kind, accountId: item.accountKey, customerId: item.customerKey })) ?? null;
    }
    if (item.kind !== CoreItemKind.SETTLE_DEBT || !item.accountKey) return null;
    const account = await accountLoader(ctx).load(item.accountKey);
    if (!account || /^0(\.0*)?$/.test(account.outstanding.amount)) return null;
    return `${account.outstanding.amount} ${account.outstanding.currency} still owed`;
  }
}
