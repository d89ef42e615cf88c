import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { Node } from '../../graphql/relay';
import { ErasureOutcome } from './erasure.service';

registerEnumType(ErasureOutcome, { name: 'ErasureOutcome', description: 'What an erasure request did.' });

@ObjectType('LegalHold', { implements: Node, description: 'A hold on a customer\'s records: nothing of theirs is erased or anonymised while it is active.', simpleResolvers: true })
export class LegalHoldView extends Node {
  key!: string;
  customerKey!: string;
  @Field({ description: 'Why the records are held.' })
  reason!: string;
  @Field({ description: 'Who placed it.' })
  placedBy!: string;
  @Field(() => Date, { description: 'When it was placed.' })
  placedAt!: Date;
  @Field(() => String, { nullable: true, description: 'Who released it.' })
  releasedBy!: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was released; null while active.' })
  releasedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was released.' })
  releaseNote!: string | null;
}

@ObjectType('ErasureResult', { description: 'The answer to an erasure request.', simpleResolvers: true })
export class ErasureResultView {
  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;
  @Field(() => ErasureOutcome, { description: 'RECORDS_KEPT before the retention date, ANONYMISED after it.' })
  outcome!: ErasureOutcome;
  @Field(() => [String], { description: 'What was erased by this request (field or note kinds).' })
  erased!: string[];
  @Field(() => Date, { description: 'Until when the bank must keep the customer\'s records.' })
  retainUntil!: Date;
  @Field({ description: 'Why the records are kept until then.' })
  legalBasis!: string;
}

@ObjectType({ description: 'Result of requestErasure.', simpleResolvers: true })
export class RequestErasurePayload {
  @Field(() => ErasureResultView, { nullable: true, description: 'What was done; null when there are userErrors.' })
  erasure!: ErasureResultView | null;
  @Field(() => [UserError], { description: 'Why nothing was erased; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of placeLegalHold or releaseLegalHold.', simpleResolvers: true })
export class LegalHoldPayload {
  @Field(() => LegalHoldView, { nullable: true, description: 'The hold as saved; null when there are userErrors.' })
  legalHold!: LegalHoldView | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}
