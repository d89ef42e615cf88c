import { ArrayMaxSize, IsOptional, Length, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { CaseState, InitiatedBy, OffboardingReason, OffboardingScope } from './offboarding-case.entity';
import { RetentionAnswer } from './retention-attempt.entity';
import { WinBackOutcome } from './win-back-attempt.entity';

@InputType({ description: 'Narrows a list of offboarding cases; all given conditions must hold.' })
export class OffboardingCaseFilter {
  @Field(() => [CaseState], { nullable: true, description: 'Any of these states.' })
  state_in?: CaseState[];

  @Field(() => InitiatedBy, { nullable: true, description: 'Only customer- or only bank-initiated exits.' })
  initiatedBy?: InitiatedBy;

  @Field(() => [OffboardingReason], { nullable: true, description: 'Any of these reasons (a reason withheld from you matches nothing).' })
  reason_in?: OffboardingReason[];

  @Field(() => ID, { nullable: true, description: 'Only cases assigned to this StaffMember.' })
  assigneeId?: string;

  @Field({ nullable: true, description: 'true: only cases past their state\'s deadline; false: only those that are not.' })
  overdue?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only this customer\'s cases.' })
  customerId?: string;
}

@ArgsType()
export class OffboardingCasesArgs extends ConnectionArgs {
  @Field(() => OffboardingCaseFilter, { nullable: true, description: 'Conditions; oldest case first.' })
  filter?: OffboardingCaseFilter;
}

@InputType({ description: 'Opens an offboarding case.' })
export class StartOffboardingInput {
  @Field(() => ID, { description: 'The customer who leaves (Customer id).' })
  customerId!: string;

  @Field(() => InitiatedBy, { description: 'CUSTOMER: the customer asked to leave. BANK: the bank exits the customer.' })
  initiatedBy!: InitiatedBy;

  @Field(() => OffboardingReason, { description: 'The reason category; it must fit the initiator.' })
  reason!: OffboardingReason;

  @Field({ nullable: true, description: 'Free-text detail of the reason.' })
  @IsOptional()
  @Length(1, 2000)
  reasonDetail?: string;

  @Field(() => OffboardingScope, { defaultValue: OffboardingScope.FULL, description: 'FULL (default) or PARTIAL with accountIds.' })
  scope!: OffboardingScope;

  @Field(() => [ID], { nullable: true, description: 'For PARTIAL: the Account ids that close; the customer keeps the rest.' })
  @IsOptional()
  @ArrayMaxSize(100)
  accountIds?: string[];

  @Field(() => ID, { nullable: true, description: 'The StaffMember who works the case.' })
  assigneeId?: string;

  @Field({ nullable: true, description: 'A note for the history.' })
  @IsOptional()
  @Length(1, 2000)
  note?: string;
}

/** A case as the caller read it (not in the schema by itself: only the inputs that extend it are). */
@InputType({ description: 'A case as the caller read it.' })
abstract class CaseRefInput {
  @Field(() => ID, { description: 'The OffboardingCase.' })
  caseId!: string;

  @Field(() => Int, { description: 'The version you read; a stale version is a CONFLICT.' })
  @Min(1)
  version!: number;
}

@InputType({ description: 'Moves a case one step; the version you read guards against overlapping changes.' })
export class CaseTransitionInput extends CaseRefInput {
  @Field({ nullable: true, description: 'A note for the history.' })
  @IsOptional()
  @Length(1, 2000)
  note?: string;
}

@InputType({ description: 'A retention offer made to a customer who asked to leave, and their answer.' })
export class RecordRetentionAttemptInput extends CaseTransitionInput {
  @Field({ description: 'What was offered.' })
  @Length(1, 500)
  offer!: string;

  @Field(() => RetentionAnswer, { description: 'What the customer said.' })
  answer!: RetentionAnswer;
}

@InputType({ description: 'Cancels an open case; the customer stays.' })
export class CancelOffboardingInput extends CaseRefInput {
  @Field({ description: 'Why the case is cancelled.' })
  @Length(1, 2000)
  reason!: string;
}

@InputType({ description: 'Gives a case to someone else to work.' })
export class AssignOffboardingCaseInput extends CaseRefInput {
  @Field(() => ID, { nullable: true, description: 'The StaffMember who works the case; null to unassign.' })
  assigneeId?: string | null;
}

@InputType({ description: 'Ticks a settlement checklist item.' })
export class CompleteChecklistItemInput {
  @Field(() => ID, { description: 'The ChecklistItem.' })
  itemId!: string;

  @Field({ nullable: true, description: 'For MOVE_BALANCE: where the balance went (e.g. the receiving IBAN).' })
  @IsOptional()
  @Length(1, 200)
  destination?: string;

  @Field({ nullable: true, description: 'A note.' })
  @IsOptional()
  @Length(1, 2000)
  note?: string;
}

@InputType({ description: 'Which closed case to make the final statement of.' })
export class FinalStatementInput {
  @Field(() => ID, { description: 'The OffboardingCase (closed).' })
  caseId!: string;
}

@InputType({ description: 'A customer\'s request to erase their data.' })
export class RequestErasureInput {
  @Field(() => ID, { description: 'The Customer.' })
  customerId!: string;
}

@InputType({ description: 'Holds a customer\'s records against erasure and anonymisation.' })
export class PlaceLegalHoldInput {
  @Field(() => ID, { description: 'The Customer.' })
  customerId!: string;

  @Field({ description: 'Why the records are held (litigation, investigation, regulator request).' })
  @Length(1, 2000)
  reason!: string;
}

@InputType({ description: 'Ends a legal hold.' })
export class ReleaseLegalHoldInput {
  @Field(() => ID, { description: 'The Customer.' })
  customerId!: string;

  @Field({ description: 'Why the hold ends.' })
  @Length(1, 2000)
  note!: string;
}

@InputType({ description: 'An approach to a customer who left.' })
export class RecordWinBackAttemptInput {
  @Field(() => ID, { description: 'The Customer (EXITED).' })
  customerId!: string;

  @Field({ description: 'What was offered.' })
  @Length(1, 500)
  offer!: string;

  @Field(() => WinBackOutcome, { description: 'How it went (a customer who comes back is recorded with recordWinBack).' })
  outcome!: WinBackOutcome;

  @Field({ nullable: true, description: 'A note.' })
  @IsOptional()
  @Length(1, 2000)
  note?: string;
}

@InputType({ description: 'A customer who left comes back.' })
export class RecordWinBackInput {
  @Field(() => ID, { description: 'The Customer (EXITED, not exited by the bank).' })
  customerId!: string;

  @Field({ description: 'What brought them back.' })
  @Length(1, 500)
  offer!: string;

  @Field({ nullable: true, description: 'A note.' })
  @IsOptional()
  @Length(1, 2000)
  note?: string;
}
