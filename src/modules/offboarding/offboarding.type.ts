// The read model of offboarding: plain objects from SQL, shaped like these GraphQL types. Reasons and
// free text of anti-money-laundering cases arrive here already masked for viewers who may not see them.
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { Money } from '../../graphql/money';
import { ConnectionType, Node } from '../../graphql/relay';
import { AccountType } from '../customers/public';
import { CaseState, InitiatedBy, OffboardingReason, OffboardingScope } from './offboarding-case.entity';
import { RetentionAnswer } from './retention-attempt.entity';

registerEnumType(CaseState, { name: 'OffboardingState', description: 'Where an offboarding case is in its workflow.' });
registerEnumType(InitiatedBy, { name: 'OffboardingInitiator', description: 'Who decided that the relationship should end.' });
registerEnumType(OffboardingReason, {
  name: 'OffboardingReason',
  description: 'Why the relationship ends. AML_CONCERN is visible only to ADMIN and COMPLIANCE_OFFICER.',
});
registerEnumType(OffboardingScope, { name: 'OffboardingScope', description: 'FULL: the whole relationship ends. PARTIAL: only chosen accounts close.' });
registerEnumType(RetentionAnswer, { name: 'RetentionAnswer', description: 'What the customer said to a retention offer.' });

@ObjectType('OffboardingCase', { implements: Node, description: 'The exit of a customer, or of some of their accounts, as a workflow.', simpleResolvers: true })
export class OffboardingCaseView extends Node {
  key!: string;
  customerKey!: string;
  assigneeKey!: string | null;
  scopeAccountKeys!: string[];
  closedAccountKeys!: string[];
  /** Free text of this case is withheld from the viewer (an AML case seen by someone who may not). */
  amlHidden!: boolean;

  @Field(() => InitiatedBy, { description: 'CUSTOMER or BANK.' })
  initiatedBy!: InitiatedBy;
  @Field(() => OffboardingReason, { nullable: true, description: 'Reason category; null when it is withheld from you (see reasonWithheld).' })
  reason!: OffboardingReason | null;
  @Field({ description: 'The reason and all free text of this case are withheld from you (anti-money-laundering confidentiality).' })
  reasonWithheld!: boolean;
  @Field(() => String, { nullable: true, description: 'Free-text detail of the reason; null when withheld or erased.' })
  reasonDetail!: string | null;
  @Field(() => OffboardingScope, { description: 'FULL or PARTIAL (see scopeAccounts).' })
  scope!: OffboardingScope;
  @Field(() => CaseState, { description: 'Current state.' })
  state!: CaseState;
  @Field(() => Date, { description: 'When the case entered its current state.' })
  stateEnteredAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the current state should be left (configurable deadline per state); null once the case has ended.' })
  dueAt!: Date | null;
  @Field({ description: 'The case has stayed in its current state past its deadline.' })
  overdue!: boolean;
  @Field({ description: 'Who opened the case (staff subject or partner id).' })
  initiator!: string;
  @Field(() => RetentionAnswer, { nullable: true, description: 'The customer\'s answer to the latest retention offer.' })
  retentionAnswer!: RetentionAnswer | null;
  @Field(() => String, { nullable: true, description: 'Who submitted a bank exit for approval.' })
  submittedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'The compliance officer who approved a bank exit.' })
  approvedBy!: string | null;
  @Field(() => Date, { nullable: true, description: 'When a bank exit was approved.' })
  approvedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the customer was notified of a bank exit; the notice period starts here.' })
  notifiedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'End of the notice period; a bank exit cannot close before it.' })
  noticeEndsAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When settlement started and the checklist was made.' })
  settlementStartedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the case closed.' })
  closedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Records are kept until this time (closure + the retention period), then anonymised.' })
  retainUntil!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the records are kept until retainUntil.' })
  legalBasis!: string | null;
  @Field(() => String, { nullable: true, description: 'Why the case was cancelled; null when withheld or erased.' })
  cancelReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the customer\'s personal data was anonymised after the retention date.' })
  anonymisedAt!: Date | null;
  @Field(() => Int, { description: 'Optimistic-lock version; pass it back with each transition.' })
  version!: number;
  @Field(() => Date, { description: 'When the case was opened.' })
  createdAt!: Date;
  @Field(() => Date, { description: 'When the case last changed.' })
  updatedAt!: Date;
}

export const OffboardingCaseConnection = ConnectionType(OffboardingCaseView, 'OffboardingCase');

@ObjectType('CaseTransition', { description: 'One step in a case\'s history.', simpleResolvers: true })
export class CaseTransitionView {
  @Field({ description: 'The operation that made the step, e.g. approveExit.' })
  transition!: string;
  @Field(() => CaseState, { nullable: true, description: 'State before; null when the case was opened.' })
  from!: CaseState | null;
  @Field(() => CaseState, { description: 'State after.' })
  to!: CaseState;
  @Field({ description: 'Who: staff subject, partner id or "system".' })
  actor!: string;
  @Field({ description: '"staff", "partner" or "system".' })
  actorKind!: string;
  @Field(() => Date, { description: 'When.' })
  at!: Date;
  @Field(() => String, { nullable: true, description: 'Why, in the actor\'s words; null when withheld or erased.' })
  note!: string | null;
  @Field({ description: 'The note was erased on an erasure request or at anonymisation.' })
  noteErased!: boolean;
}

@ObjectType('RetentionAttempt', { description: 'An offer made to keep a leaving customer, and their answer.', simpleResolvers: true })
export class RetentionAttemptView {
  @Field({ description: 'What was offered.' })
  offer!: string;
  @Field(() => RetentionAnswer, { description: 'What the customer said.' })
  answer!: RetentionAnswer;
  @Field(() => Date, { description: 'When it was recorded.' })
  recordedAt!: Date;
  @Field({ description: 'Who recorded it.' })
  recordedBy!: string;
}

@ObjectType('ChecklistItem', { implements: Node, description: 'One thing to settle before a case can close.', simpleResolvers: true })
export class ChecklistItemView extends Node {
  key!: string;
  caseKey!: string;
  customerKey!: string;
  accountKey!: string | null;

  @Field({ description: 'What kind of item, e.g. SETTLE_DEBT, MOVE_BALANCE, or a code another module contributed.' })
  kind!: string;
  @Field({ description: 'What to do.' })
  label!: string;
  @Field({ description: 'The module that put the item on the list.' })
  source!: string;
  @Field({ description: 'The case cannot close while a required item is open.' })
  required!: boolean;
  @Field({ description: 'Whether the item is done.' })
  done!: boolean;
  @Field(() => Date, { nullable: true, description: 'When it was done.' })
  doneAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Who did it.' })
  doneBy!: string | null;
  @Field(() => String, { nullable: true, description: 'Where a deposit balance went (MOVE_BALANCE).' })
  destination!: string | null;
  @Field(() => Money, { nullable: true, description: 'The balance moved, as the account showed it when the item was done.' })
  amount!: Money | null;
  @Field(() => String, { nullable: true, description: 'A note; null when withheld or erased.' })
  note!: string | null;
}

@ObjectType('StatementAccount', { description: 'An account closed by the exit.', simpleResolvers: true })
export class StatementAccount {
  @Field(() => ID, { description: 'The account.' })
  accountId!: string;
  @Field({ description: 'The core banking reference.' })
  externalRef!: string;
  @Field(() => AccountType, { description: 'The kind of product.' })
  type!: AccountType;
  @Field(() => String, { nullable: true, description: 'The date it closed (YYYY-MM-DD).' })
  closedOn!: string | null;
}

@ObjectType('StatementTransfer', { description: 'A deposit balance moved out of the bank.', simpleResolvers: true })
export class StatementTransfer {
  @Field(() => ID, { description: 'The account the money left.' })
  accountId!: string;
  @Field({ description: 'The core banking reference.' })
  externalRef!: string;
  @Field(() => Money, { nullable: true, description: 'How much moved.' })
  amount!: Money | null;
  @Field({ description: 'Where it went.' })
  destination!: string;
  @Field(() => Date, { description: 'When it was recorded as moved.' })
  movedAt!: Date;
}

@ObjectType('StatementSettlement', { description: 'A loan or card settled.', simpleResolvers: true })
export class StatementSettlement {
  @Field(() => ID, { description: 'The account settled.' })
  accountId!: string;
  @Field({ description: 'The core banking reference.' })
  externalRef!: string;
  @Field(() => Date, { description: 'When it was recorded as settled.' })
  settledAt!: Date;
}

@ObjectType('FinalStatement', {
  description: 'What an exit closed, what moved where and when: the content of the letter to the customer. Never carries a bank\'s reason.',
  simpleResolvers: true,
})
export class FinalStatement {
  @Field(() => ID, { description: 'The case.' })
  caseId!: string;
  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;
  @Field({ description: 'The customer\'s name, as the letter is addressed.' })
  customerName!: string;
  @Field(() => InitiatedBy, { description: 'Who ended the relationship.' })
  initiatedBy!: InitiatedBy;
  @Field(() => OffboardingReason, { nullable: true, description: 'The customer\'s own reason; always null when the bank ended the relationship.' })
  customerReason!: OffboardingReason | null;
  @Field(() => OffboardingScope, { description: 'Whole relationship or some accounts.' })
  scope!: OffboardingScope;
  @Field(() => Date, { description: 'When the exit was requested.' })
  requestedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the customer was given notice (bank exits).' })
  noticeGivenAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the notice period ended (bank exits).' })
  noticeEndedAt!: Date | null;
  @Field(() => Date, { description: 'When the exit was completed.' })
  closedAt!: Date;
  @Field(() => [StatementAccount], { description: 'Accounts closed.' })
  accountsClosed!: StatementAccount[];
  @Field(() => [StatementTransfer], { description: 'Balances moved, and where to.' })
  balancesMoved!: StatementTransfer[];
  @Field(() => [StatementSettlement], { description: 'Loans and cards settled.' })
  debtsSettled!: StatementSettlement[];
  @Field(() => Date, { description: 'The bank keeps its records of the relationship until then.' })
  recordsKeptUntil!: Date;
  @Field({ description: 'Why the records are kept.' })
  legalBasis!: string;
}

@ObjectType({ description: 'Result of an offboarding operation.', simpleResolvers: true })
export class OffboardingCasePayload {
  @Field(() => OffboardingCaseView, { nullable: true, description: 'The case as saved; null when there are userErrors.' })
  offboardingCase!: OffboardingCaseView | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}
