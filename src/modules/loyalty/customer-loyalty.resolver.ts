// What loyalty adds to the customers module's Customer type: a batched field resolver, declared here.
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { CustomerView } from '../customers/public';
import { customerAccountLoader } from './loyalty.loaders';
import { LoyaltyAccountView } from './loyalty.type';

@Resolver(() => CustomerView)
export class CustomerLoyaltyResolver {
  @FieldResolver(() => LoyaltyAccountView, { nullable: true, description: 'The customer\'s loyalty account; null when not enrolled.' })
  loyaltyAccount(@Root() c: CustomerView, @Ctx() ctx: Context) {
    return customerAccountLoader(ctx).load(c.key);
  }
}
