import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { Node } from '../../graphql/relay';
import { CustomerView } from '../customers/public';
import { WinBackOutcome } from './win-back-attempt.entity';

registerEnumType(WinBackOutcome, { name: 'WinBackOutcome', description: 'How an approach to a customer who left went.' });

@ObjectType('WinBackAttempt', { implements: Node, description: 'An approach to a customer who left.', simpleResolvers: true })
export class WinBackAttemptView extends Node {
  key!: string;
  customerKey!: string;
  @Field({ description: 'What was offered.' })
  offer!: string;
  @Field(() => WinBackOutcome, { description: 'How it went.' })
  outcome!: WinBackOutcome;
  @Field(() => String, { nullable: true, description: 'A note; null once erased.' })
  note!: string | null;
  @Field(() => Date, { description: 'When it was recorded.' })
  recordedAt!: Date;
  @Field({ description: 'Who recorded it.' })
  recordedBy!: string;
}

@ObjectType({ description: 'Result of recordWinBackAttempt or recordWinBack.', simpleResolvers: true })
export class WinBackPayload {
  @Field(() => CustomerView, { nullable: true, description: 'The customer as saved; null when there are userErrors.' })
  customer!: CustomerView | null;
  @Field(() => [UserError], { description: 'Why nothing changed; empty on success.' })
  userErrors!: UserError[];
}
