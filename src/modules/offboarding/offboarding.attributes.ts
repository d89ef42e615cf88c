// Facts about a customer that offboarding owns, for segment rules: whether an exit was under way at the date.
import type { Knex } from '@mikro-orm/postgresql';
import type { CustomerAttribute } from '../../module';
import { offboardingCapabilities } from './permissions';

const OPEN_STATES = ['REQUESTED', 'RETENTION', 'PENDING_APPROVAL', 'NOTICE', 'SETTLEMENT'];

export const inOffboarding: CustomerAttribute = {
  name: 'offboarding.inOffboarding',
  description: 'Whether an exit case of the customer was open at the date (started by then, and still open or ended after it).',
  unit: '',
  type: 'boolean',
  capability: offboardingCapabilities.read,
  // A case that ended (retained, closed, cancelled) entered its last state when it ended.
  sql: (knex: Knex, asOf: Date) =>
    knex.raw(
      `exists (select 1 from offboarding_case oc where oc.customer_id = c.id and oc.created_at <= ?::timestamptz
         and (oc.state in (${OPEN_STATES.map(() => '?').join(', ')}) or oc.state_entered_at > ?::timestamptz))`,
      [asOf, ...OPEN_STATES, asOf],
    ),
};

export const offboardingAttributes: CustomerAttribute[] = [inOffboarding];
