// The customers module's part of erasing a customer: the profile's personal data. Offboarding decides
// when (retention date, legal holds) and runs this with every other module's part.
import type { Anonymiser } from '../../module';
import { anonymiseCustomer, eraseMarketingData } from './customer-lifecycle.service';
import { CUSTOMER_PII_FIELDS } from './customer.entity';

export const customerAnonymiser: Anonymiser = {
  source: 'customers',
  async anonymise(em, customerKey, deps) {
    await anonymiseCustomer(em, deps, customerKey);
    // Every personal field is reported as erased, whether or not it held a value.
    return [...CUSTOMER_PII_FIELDS];
  },
  // Before the retention date only what the customer agreed to for marketing need not be kept.
  eraseUnneeded: (em, customerKey, deps) => eraseMarketingData(em, deps, customerKey),
};
