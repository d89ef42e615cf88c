import { ArrayMaxSize, IsBoolean, IsEmail, ValidateNested, IsISO8601, IsOptional, Length, Matches, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { AccountType } from './account.entity';
import { Channel, CustomerStatus } from './customer.entity';
import { CustomerOrderField, OrderDirection } from './customer.queries';
import { registerEnumType } from 'type-graphql';

/** Applies several property decorators as one. */
function rules(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

const optional = (...decorators: PropertyDecorator[]) => rules(IsOptional(), ...decorators);
const dateMessage = (field: string) => ({ message: `${field} must be a date (YYYY-MM-DD)` });

/**
 * The rules of each customer field, defined once: createCustomer, updateCustomer and core banking's
 * customer items apply the same ones, so that what one takes the others take too.
 */
export const CustomerField = {
  externalRef: () => rules(Length(1, 64), Matches(/^[A-Za-z0-9._-]+$/, { message: 'externalRef may contain letters, digits, ".", "_" and "-" only' })),
  firstName: (required = true) => (required ? Length(1, 100) : optional(Length(1, 100))),
  lastName: (required = true) => (required ? Length(1, 100) : optional(Length(1, 100))),
  email: () => optional(IsEmail({}, { message: 'email must be an email address' })),
  phone: () => optional(Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be a phone number' })),
  // The pattern keeps the form; strict ISO 8601 refuses dates that do not exist (1990-02-30).
  dateOfBirth: () => optional(Matches(/^\d{4}-\d{2}-\d{2}$/, dateMessage('dateOfBirth')), IsISO8601({ strict: true }, dateMessage('dateOfBirth'))),
  nationalId: () => optional(Matches(/^[A-Za-z0-9 ./-]{4,32}$/, { message: 'nationalId must be 4 to 32 letters, digits, spaces, ".", "/" or "-"' })),
  address: () => optional(Length(1, 500)),
  region: () => optional(Length(1, 100)),
  marketingConsent: () => optional(IsBoolean()),
};

registerEnumType(CustomerOrderField, { name: 'CustomerOrderField', description: 'What to order customers by.' });
registerEnumType(OrderDirection, { name: 'OrderDirection', description: 'Ascending or descending.' });

@InputType({ description: 'A filter that another module offers on the customers list (see the module\'s documentation for its value).' })
export class ContributedCustomerFilterInput {
  @Field({ description: 'The filter\'s name, e.g. "segments.segmentId".' })
  @Length(1, 100)
  name!: string;

  @Field({ description: 'Its value, as text (an id, a band...).' })
  @Length(1, 200)
  value!: string;
}

@InputType({ description: 'Narrows a list of customers; all given conditions must hold.' })
export class CustomerFilter {
  @Field(() => [CustomerStatus], { nullable: true, description: 'Any of these statuses.' })
  status_in?: CustomerStatus[];

  @Field(() => ID, { nullable: true, description: 'Only customers of this relationship manager (StaffMember id).' })
  relationshipManagerId?: string;

  @Field({
    nullable: true,
    description: 'Part of the name, or an exact external reference; also part of the email or phone for viewers who may see them in full.',
  })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => Date, { nullable: true, description: 'Joined at or after this time.' })
  joinedFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'Joined before this time.' })
  joinedTo?: Date;

  @Field(() => AccountType, { nullable: true, description: 'Holds an open product of this type.' })
  hasProductType?: AccountType;

  @Field({ nullable: true, description: 'Restricted (no new products) or not.' })
  restricted?: boolean;

  @Field(() => [ContributedCustomerFilterInput], { nullable: true, description: 'Filters other modules offer (by segment, by risk band...), each by name; all must hold.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  contributed?: ContributedCustomerFilterInput[];
}

@InputType({
  description: 'How to order customers: by `field`, or by an ordering another module offers (`contributed`); exactly one. '
    + 'Each ordering pages with its own keyset cursor.',
})
export class CustomerOrder {
  @Field(() => CustomerOrderField, { nullable: true, description: 'What to order by.' })
  field?: CustomerOrderField;

  @Field({
    nullable: true,
    description: 'An ordering another module offers, by name (e.g. "risk.score", "risk.band"), for viewers who may read what it orders by; '
      + 'customers without a value come last.',
  })
  @IsOptional()
  @Length(1, 100)
  contributed?: string;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'ASC or DESC.' })
  direction!: OrderDirection;
}

@ArgsType()
export class CustomersArgs extends ConnectionArgs {
  @Field(() => CustomerFilter, { nullable: true })
  filter?: CustomerFilter;

  @Field(() => CustomerOrder, { nullable: true, description: 'Default: by name, ascending.' })
  orderBy?: CustomerOrder;
}

/** Contact details and preferences, the same whether a customer is created or changed. */
// Decorated so that its fields are inherited; never referenced on its own, so not in the schema.
@InputType({ description: 'Contact details and preferences.' })
abstract class ContactInput {
  @Field({ nullable: true, description: 'Email address (personal data).' })
  @CustomerField.email()
  email?: string;

  @Field({ nullable: true, description: 'Phone number (personal data).' })
  @CustomerField.phone()
  phone?: string;

  @Field({ nullable: true, description: 'Postal address (personal data).' })
  @CustomerField.address()
  address?: string;

  @Field({ nullable: true, description: 'The region of the bank that serves the customer.' })
  @CustomerField.region()
  region?: string;

  @Field(() => Channel, { nullable: true, description: 'How the customer prefers to be contacted.' })
  preferredChannel?: Channel;
}

@InputType({ description: 'A customer entered by hand (core banking feeds use upserts).' })
export class CreateCustomerInput extends ContactInput {
  @Field({ description: 'The core banking system\'s customer reference; unique.' })
  @CustomerField.externalRef()
  externalRef!: string;

  @Field({ description: 'Given name.' })
  @CustomerField.firstName()
  firstName!: string;

  @Field({ description: 'Family name.' })
  @CustomerField.lastName()
  lastName!: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @CustomerField.dateOfBirth()
  dateOfBirth?: string;

  @Field({ nullable: true, description: 'National identity number (personal data, encrypted at rest).' })
  @CustomerField.nationalId()
  nationalId?: string;

  @Field({ nullable: true, defaultValue: false, description: 'Whether the customer agrees to marketing; the time of a change is recorded.' })
  @CustomerField.marketingConsent()
  marketingConsent?: boolean;

  @Field(() => Date, { nullable: true, description: 'When the relationship began; default now.' })
  @IsOptional()
  joinedAt?: Date;

  @Field(() => ID, { nullable: true, description: 'StaffMember id of the relationship manager.' })
  relationshipManagerId?: string;
}

@InputType({ description: 'Changes to a customer\'s profile. Omitted fields stay as they are.' })
export class UpdateCustomerInput extends ContactInput {
  @Field(() => ID, { description: 'The customer to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read; a stale version is a CONFLICT.' })
  @Min(1)
  version!: number;

  @Field({ nullable: true, description: 'Given name.' })
  @CustomerField.firstName(false)
  firstName?: string;

  @Field({ nullable: true, description: 'Family name.' })
  @CustomerField.lastName(false)
  lastName?: string;

  @Field({ nullable: true, description: 'Whether the customer agrees to marketing; the time of a change is recorded.' })
  @CustomerField.marketingConsent()
  marketingConsent?: boolean;
}

@InputType({ description: 'Who manages a customer.' })
export class AssignRelationshipManagerInput {
  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'StaffMember id of the new relationship manager; null to unassign.' })
  relationshipManagerId?: string | null;
}
