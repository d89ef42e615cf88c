// The read model: plain objects from SQL, shaped like these GraphQL types.
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../graphql/money';
import { ConnectionType, Node } from '../../graphql/relay';
import { AccountStatus, AccountType } from './account.entity';
import { Channel, CustomerStatus } from './customer.entity';

registerEnumType(CustomerStatus, { name: 'CustomerStatus', description: 'Where the customer is in their relationship with the bank.' });
registerEnumType(Channel, { name: 'Channel', description: 'How the customer prefers to be contacted.' });
registerEnumType(AccountType, { name: 'AccountType', description: 'The kind of product held.' });
registerEnumType(AccountStatus, { name: 'AccountStatus', description: 'Whether the product can be used.' });

@ObjectType('StaffMember', { implements: Node, description: 'A member of the bank\'s staff.', simpleResolvers: true })
export class StaffMemberView extends Node {
  key!: string;
  @Field({ description: 'The identity provider\'s subject.' })
  subject!: string;
  @Field({ description: 'Full name.' })
  name!: string;
}

@ObjectType('Account', { implements: Node, description: 'A product the customer holds.', simpleResolvers: true })
export class AccountView extends Node {
  key!: string;
  customerKey!: string;
  @Field({ description: 'The core banking system\'s reference.' })
  externalRef!: string;
  @Field(() => AccountType, { description: 'The kind of product.' })
  type!: AccountType;
  @Field(() => AccountStatus, { description: 'Whether the product can be used.' })
  status!: AccountStatus;
  @Field({ description: 'ISO 4217 currency code of the account.' })
  currency!: string;
  @Field(() => Money, { description: 'Money held (deposits); zero for debt products.' })
  balance!: Money;
  @Field(() => Money, { description: 'Money owed (loans, cards), as a positive amount.' })
  outstanding!: Money;
  @Field({ description: 'Date the product was opened (YYYY-MM-DD).' })
  openedAt!: string;
  @Field(() => String, { nullable: true, description: 'Date the product was closed (YYYY-MM-DD).' })
  closedAt!: string | null;
}

export interface CustomerPii {
  email: string | null;
  phone: string | null;
  dateOfBirth: string | null;
  nationalIdEnc: string | null;
  address: string | null;
}

@ObjectType('Customer', { implements: Node, description: 'A customer of the bank.', simpleResolvers: true })
export class CustomerView extends Node {
  key!: string;
  rmKey!: string | null;
  /** Raw personal data; reached only through the masking field resolvers. */
  pii!: CustomerPii;

  @Field({ description: 'The core banking system\'s customer reference.' })
  externalRef!: string;
  @Field({ description: 'Given name (visible to anyone who may read the customer).' })
  firstName!: string;
  @Field({ description: 'Family name.' })
  lastName!: string;
  @Field({ description: 'First and last name.' })
  displayName!: string;
  @Field(() => CustomerStatus, { description: 'Lifecycle status.' })
  status!: CustomerStatus;
  @Field({ description: 'No new products may be opened (set when the bank exits a customer).' })
  restricted!: boolean;
  @Field(() => String, { nullable: true, description: 'The region of the bank that serves this customer.' })
  region!: string | null;
  @Field(() => Channel, { nullable: true, description: 'How the customer prefers to be contacted.' })
  preferredChannel!: Channel | null;
  @Field({ description: 'Whether the customer agreed to marketing.' })
  marketingConsent!: boolean;
  @Field(() => Date, { nullable: true, description: 'When marketing consent last changed.' })
  marketingConsentAt!: Date | null;
  @Field(() => Date, { description: 'When the relationship began.' })
  joinedAt!: Date;
  @Field(() => Int, { description: 'Whole months the customer has been with the bank (until exit, if they left), as of the request.' })
  tenureMonths!: number;
  @Field(() => Date, { nullable: true, description: 'When the relationship ended, if it did.' })
  exitedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When an exited customer came back.' })
  wonBackAt!: Date | null;
  @Field(() => Money, { description: 'Sum of deposit balances in the reporting currency.' })
  totalDeposits!: Money;
  @Field(() => Money, { description: 'Sum of money owed in the reporting currency.' })
  totalDebt!: Money;
  @Field(() => Int, { description: 'Number of open products.' })
  openProductCount!: number;
  @Field(() => Float, { nullable: true, description: 'Relative change of the average balance over the last 90 days (-0.25 = a quarter less); null without activity data.' })
  balanceTrend90d!: number | null;
  @Field(() => Int, { nullable: true, description: 'Whole months since the last month with any transaction; null without activity data.' })
  monthsSinceLastActivity!: number | null;
  @Field(() => Int, { description: 'Optimistic-lock version; pass it back to updateCustomer.' })
  version!: number;
  @Field(() => Date, { description: 'When Keel first stored the customer.' })
  createdAt!: Date;
  @Field(() => Date, { description: 'When the customer last changed in Keel.' })
  updatedAt!: Date;
}

export const CustomerConnection = ConnectionType(CustomerView, 'Customer');
