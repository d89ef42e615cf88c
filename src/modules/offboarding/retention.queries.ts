// Read SQL for legal holds and win-back attempts, bounded by the viewer's book like every read.
import type { Knex } from '@mikro-orm/postgresql';
import { reader, type Context } from '../../graphql/context';
import { toGlobalId } from '../../graphql/relay';
import type { Capability } from '../../auth/permissions';
import { ofVisibleCustomers } from '../customers/public';
import { offboardingCapabilities } from './permissions';
import type { LegalHoldView } from './erasure.type';
import { toDate } from './offboarding.queries';
import type { WinBackAttemptView } from './win-back.type';

function ofCustomers(ctx: Context, table: string, cap: Capability): Knex.QueryBuilder {
  return ofVisibleCustomers(reader(ctx)(`${table} as x`), ctx, 'x.customer_id', cap).select('x.*');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toHold(r: any): LegalHoldView {
  return {
    __typename: 'LegalHold', id: toGlobalId('LegalHold', r.id), key: r.id, customerKey: r.customer_id, reason: r.reason,
    placedBy: r.placed_by, placedAt: toDate(r.placed_at)!, releasedBy: r.released_by, releasedAt: toDate(r.released_at), releaseNote: r.release_note,
  } as LegalHoldView;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toAttempt(r: any): WinBackAttemptView {
  return {
    __typename: 'WinBackAttempt', id: toGlobalId('WinBackAttempt', r.id), key: r.id, customerKey: r.customer_id, offer: r.offer,
    outcome: r.outcome, note: r.note, recordedAt: toDate(r.recorded_at)!, recordedBy: r.recorded_by,
  } as WinBackAttemptView;
}

export async function activeHoldsByCustomerKeys(ctx: Context, customerKeys: readonly string[]): Promise<LegalHoldView[]> {
  return (await ofCustomers(ctx, 'legal_hold', offboardingCapabilities.readHolds).whereIn('x.customer_id', [...customerKeys]).whereNull('x.released_at')).map(toHold);
}

export async function holdsByKeys(ctx: Context, keys: readonly string[]): Promise<LegalHoldView[]> {
  return (await ofCustomers(ctx, 'legal_hold', offboardingCapabilities.readHolds).whereIn('x.id', [...keys])).map(toHold);
}

export async function winBackAttemptsByCustomerKeys(ctx: Context, customerKeys: readonly string[]): Promise<WinBackAttemptView[]> {
  const rows = await ofCustomers(ctx, 'win_back_attempt', offboardingCapabilities.readWinBack)
    .whereIn('x.customer_id', [...customerKeys])
    .orderBy('x.seq');
  return rows.map(toAttempt);
}

export async function winBackAttemptsByKeys(ctx: Context, keys: readonly string[]): Promise<WinBackAttemptView[]> {
  return (await ofCustomers(ctx, 'win_back_attempt', offboardingCapabilities.readWinBack).whereIn('x.id', [...keys])).map(toAttempt);
}
