// What every subscription field does before its own filtering: it is served only where events are
// published, only to viewers holding the capability that reads what it reports, and each event is
// selected in a fresh unit of work (ctx.renew) so that no event reads what an earlier one cached.
import { GraphQLError } from 'graphql';
import { can, type Capability } from '../auth/permissions';
import type { PublishedEvent } from '../events/bus';
import { eventStream } from '../events/stream';
import type { Context } from './context';
import { keyOrNull } from './relay';

export function subscriberStream<T>(
  ctx: Context,
  capability: Capability,
  /** What the capability reads, for the refusal: "offboarding cases". */
  what: string,
  types: readonly string[],
  select: (event: PublishedEvent) => Promise<T | null>,
): AsyncIterableIterator<T> {
  if (!ctx.events) throw new GraphQLError('Subscriptions are not served here', { extensions: { code: 'BAD_REQUEST' } });
  if (!can(ctx.viewer, capability)) throw new GraphQLError(`Not allowed to read ${what}`, { extensions: { code: 'FORBIDDEN' } });
  return eventStream(ctx.events, types, async (event) => {
    ctx.renew?.();
    return select(event);
  });
}

/** The key of the global id an event's payload holds in `field`, if it is one of `type`. */
export function payloadKey(event: PublishedEvent, field: string, type: string): string | null {
  const value = event.payload[field];
  return typeof value === 'string' ? keyOrNull(value, type) : null;
}
