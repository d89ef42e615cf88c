// The read model of staff retention performance: one row per relationship manager.
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Money } from '../../graphql/money';
import { StaffMemberView } from '../customers/public';

@ObjectType({
  description:
    'How one relationship manager\'s book did over a period: the figures a staff incentive scheme is built on. Each figure comes from the module that owns '
    + 'its data and is null when that module is not part of this deployment.',
  simpleResolvers: true,
})
export class RetentionPerformance {
  @Field(() => StaffMemberView, { description: 'The relationship manager; the figures are over the customers of their book.' })
  relationshipManager!: StaffMemberView;
  @Field(() => Int, { nullable: true, description: 'Customer-initiated exit cases of the book that ended in the period (retained or closed).' })
  casesHandled!: number | null;
  @Field(() => Int, { nullable: true, description: 'Of them, cases that ended with the customer retained.' })
  retained!: number | null;
  @Field(() => Float, { nullable: true, description: 'retained / casesHandled; null without cases.' })
  retentionRate!: number | null;
  @Field(() => Int, { nullable: true, description: 'Customers of the book won back in the period.' })
  winBacks!: number | null;
  @Field(() => Money, { nullable: true, description: 'Current total deposits of the customers whose exit ended retained in the period, in the reporting currency.' })
  depositsKept!: Money | null;
  @Field(() => Int, { nullable: true, description: 'Complaints of the book resolved in the period.' })
  complaintsResolved!: number | null;
  @Field(() => Int, { nullable: true, description: 'Of them, resolved by their deadline.' })
  complaintsResolvedInTime!: number | null;
  @Field(() => Float, { nullable: true, description: 'Median hours from receipt to resolution of those complaints; null without any.' })
  medianResolutionHours!: number | null;
  @Field(() => Int, { nullable: true, description: 'Active customers of the book at HIGH or CRITICAL risk now with no recorded contact (retention or win-back attempt, feedback, offer) in the last 30 days.' })
  highRiskWithoutContact!: number | null;
}
