// Batched per-request loaders: one SQL statement per level of a query, whatever the page size.
import { keyedLoader } from '../../graphql/loaders';
import { accountsByCustomerKeys, accountsByKeys } from './loyalty.queries';
import type { LoyaltyAccountView } from './loyalty.type';

export const accountLoader = keyedLoader<LoyaltyAccountView>({}, accountsByKeys, (a) => a.key);
export const customerAccountLoader = keyedLoader<LoyaltyAccountView>({}, accountsByCustomerKeys, (a) => a.customerKey);
