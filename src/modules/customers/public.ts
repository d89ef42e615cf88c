// What other modules may use of the customers module. Anything else in this folder is its own.

// Read model: the GraphQL types that other modules' fields return or extend.
export { AccountView, CustomerView, StaffMemberView } from './customer.type';
// Values that other modules' rules and state machines speak of.
export { CustomerStatus } from './customer.entity';
export { AccountStatus, AccountType } from './account.entity';
// Reads: batched loaders, and "the customers within this viewer's bound" for other modules' rows.
export { customerLoader, staffLoader } from './customer.loaders';
export { accountsByKeys, OrderDirection } from './customer.queries';
export { ofCustomersWithStatus, ofVisibleCustomers } from './customer.bounds';
// The module's capabilities, for other modules' permission tables and object-level checks.
export { customerCapabilities } from './permissions';
// Writes: the customer's lifecycle, as other modules' workflows move it.
export {
  accountsInScope, closeAccounts, customerStanding, customerStandingsByRefs, markActive, markExited,
  markOffboarding, recordWinBack, staffMemberExists, type AccountSnapshot, type CustomerStanding,
} from './customer-lifecycle.service';
