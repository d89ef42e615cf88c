// Thin resolvers: GraphQL in, queries or service calls, GraphQL out.
import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { badInput, notFound, UserError } from '../../graphql/errors';
import { keyOf, keyOrNull, pageRequest } from '../../graphql/relay';
import { validateInput } from '../../graphql/validate';
import { mutationPayload } from '../../graphql/payload';
import { referenceKey } from '../../graphql/references';
import { serviceDeps } from '../../graphql/service-deps';
import { AssignRelationshipManagerInput, CreateCustomerInput, CustomersArgs, UpdateCustomerInput } from './customer.inputs';
import { accountsLoader, customerLoader, staffLoader } from './customer.loaders';
import { maskAddress, maskDate, maskEmail, maskPhone, maySeePii, piiSearchReach } from './customer.pii';
import { decryptNationalId } from './national-id.crypto';
import { CustomerOrderField, listCustomers, OrderDirection, orderArity } from './customer.queries';
import { assignRelationshipManager, createCustomer, updateCustomer } from './customer.service';
import { AccountView, CustomerConnection, CustomerView, StaffMemberView } from './customer.type';

@ObjectType({ description: 'Result of createCustomer.', simpleResolvers: true })
class CreateCustomerPayload {
  @Field(() => CustomerView, { nullable: true, description: 'The customer as saved; null when there are userErrors.' })
  customer!: CustomerView | null;
  @Field(() => [UserError], { description: 'What to fix in the input; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of updateCustomer.', simpleResolvers: true })
class UpdateCustomerPayload {
  @Field(() => CustomerView, { nullable: true, description: 'The customer as saved; null when there are userErrors.' })
  customer!: CustomerView | null;
  @Field(() => [UserError], { description: 'What to fix in the input; empty on success.' })
  userErrors!: UserError[];
}

/** Runs a write and shapes its outcome as a payload: the customer, or the userErrors. */
function customerPayload(ctx: Context, input: object, write: () => Promise<string>) {
  return mutationPayload(ctx, input, 'customer', write, (key) => customerLoader(ctx).clear(key).load(key));
}

/** The relationship manager an input names: none, or a key (an id of no one is answered by the service). */
const rmKeyOf = (id: string | null | undefined) => (id ? referenceKey(id, 'StaffMember') : null);

/** A full read of a customer's personal data, for the audit trail (the module's own action name). */
const piiRead = (c: CustomerView) => ({ action: 'customer.pii_read', entityType: 'Customer', entityKey: c.key, customerKey: c.key });

function pii<T>(ctx: Context, c: CustomerView, field: string, value: T | null, mask: (v: T) => string): T | string | null {
  if (value == null) return null;
  if (!maySeePii(ctx.viewer, c.rmKey)) return mask(value);
  ctx.auditedReads.add(piiRead(c), field);
  return value;
}

@Resolver(() => CustomerView)
export class CustomerResolver {
  @Query(() => CustomerConnection, { description: 'Customers the viewer may see, a page at a time.' })
  async customers(@Args() args: CustomersArgs, @Ctx() ctx: Context) {
    const invalid = [
      ...(args.filter ? await validateInput(args.filter, ['filter']) : []),
      ...(args.orderBy ? await validateInput(args.orderBy, ['orderBy']) : []),
    ];
    if (invalid.length) throw badInput(invalid.map((e) => e.message).join('; '));
    const rmKey = args.filter?.relationshipManagerId ? keyOrNull(args.filter.relationshipManagerId, 'StaffMember') : undefined;
    if (rmKey === null) throw notFound('StaffMember');
    if (args.orderBy && (args.orderBy.field == null) === (args.orderBy.contributed == null)) {
      throw badInput('orderBy takes either `field` or `contributed`, exactly one');
    }
    const order = {
      field: args.orderBy?.contributed != null ? undefined : (args.orderBy?.field ?? CustomerOrderField.NAME),
      contributed: args.orderBy?.contributed ?? undefined,
      direction: args.orderBy?.direction ?? OrderDirection.ASC,
    };
    const page = pageRequest(args, orderArity(ctx, order));
    return listCustomers(
      ctx,
      {
        statusIn: args.filter?.status_in,
        relationshipManagerKey: rmKey,
        search: args.filter?.search,
        searchPii: piiSearchReach(ctx.viewer),
        joinedFrom: args.filter?.joinedFrom,
        joinedTo: args.filter?.joinedTo,
        hasProductType: args.filter?.hasProductType,
        restricted: args.filter?.restricted,
        contributed: args.filter?.contributed ? Object.fromEntries(args.filter.contributed.map((f) => [f.name, f.value])) : undefined,
      },
      order,
      page,
    );
  }

  @Query(() => CustomerView, { description: 'One customer by id. Unknown, or outside your book: NOT_FOUND.' })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const found = await customerLoader(ctx).load(keyOf(id, 'Customer'));
    if (!found) throw notFound('Customer');
    return found;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Personal data: masked unless you may see it in full.' })
  email(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return pii(ctx, c, 'email', c.pii.email, maskEmail);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Personal data: masked unless you may see it in full.' })
  phone(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return pii(ctx, c, 'phone', c.pii.phone, maskPhone);
  }

  @FieldResolver(() => String, { nullable: true, description: 'YYYY-MM-DD. Personal data: masked unless you may see it in full.' })
  dateOfBirth(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return pii(ctx, c, 'dateOfBirth', c.pii.dateOfBirth, maskDate);
  }

  @FieldResolver(() => String, { nullable: true, description: 'National identity number, encrypted at rest. Personal data: masked unless you may see it in full.' })
  nationalId(@Root() c: CustomerView, @Ctx() ctx: Context) {
    const stored = c.pii.nationalIdEnc;
    if (stored == null) return null;
    // Decrypt only for viewers who may see it: a masked value needs no key.
    if (!maySeePii(ctx.viewer, c.rmKey)) return '***';
    ctx.auditedReads.add(piiRead(c), 'nationalId');
    return decryptNationalId(ctx.config.pii, stored, c.key);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Personal data: masked unless you may see it in full.' })
  address(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return pii(ctx, c, 'address', c.pii.address, maskAddress);
  }

  @FieldResolver(() => [AccountView], { description: 'Products the customer holds, oldest first.' })
  accounts(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return accountsLoader(ctx).load(c.key);
  }

  @FieldResolver(() => StaffMemberView, { nullable: true, description: 'The customer\'s relationship manager.' })
  relationshipManager(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return c.rmKey ? staffLoader(ctx).load(c.rmKey) : null;
  }

  @Mutation(() => CreateCustomerPayload, { description: 'Enter a customer by hand.' })
  createCustomer(@Arg('input', () => CreateCustomerInput) input: CreateCustomerInput, @Ctx() ctx: Context) {
    const { relationshipManagerId, ...fields } = input;
    return customerPayload(ctx, input, () => createCustomer(serviceDeps(ctx), { ...fields, relationshipManagerKey: rmKeyOf(relationshipManagerId) }));
  }

  @Mutation(() => UpdateCustomerPayload, { description: 'Give a customer a relationship manager (or none).' })
  assignRelationshipManager(@Arg('input', () => AssignRelationshipManagerInput) input: AssignRelationshipManagerInput, @Ctx() ctx: Context) {
    return customerPayload(ctx, input, () =>
      assignRelationshipManager(serviceDeps(ctx), keyOf(input.customerId, 'Customer'), rmKeyOf(input.relationshipManagerId)),
    );
  }

  @Mutation(() => UpdateCustomerPayload, { description: 'Change a customer\'s profile or consent (optimistic locking).' })
  updateCustomer(@Arg('input', () => UpdateCustomerInput) input: UpdateCustomerInput, @Ctx() ctx: Context) {
    const { id, ...changes } = input;
    return customerPayload(ctx, input, () => updateCustomer(serviceDeps(ctx), keyOf(id, 'Customer'), changes));
  }
}
