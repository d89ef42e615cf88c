// Risk reacts to signals of leaving in the transaction that records them: a complaint or a detractor's
// answer, an account closed, a retention offer declined, a new month of activity. The customers they
// concern are rescored at once with the active model, in one statement for all of them (an ingest batch
// hands over its events together), and the history keeps the scores before; so the score a relationship
// manager reads next already counts what just happened.
import type { Reaction, RaisedDomainEvent } from '../../module';
import { rescore } from './risk.scoring';

/** The event types that are signals of leaving (declared by feedback, customers and loyalty). */
export const SIGNAL_TYPES = ['feedback.received', 'account.closed', 'offer.declined', 'activity.month_recorded'];

/** A complaint, an NPS answer of a detractor (0..6), or any of the other signals' events. */
function isSignal(e: RaisedDomainEvent): boolean {
  if (!e.customerKey || !SIGNAL_TYPES.includes(e.type)) return false;
  if (e.type !== 'feedback.received') return true;
  const nps = e.payload.nps;
  return e.payload.kind === 'COMPLAINT' || (typeof nps === 'number' && nps <= 6);
}

export const rescoreOnSignals: Reaction = {
  source: 'risk',
  types: SIGNAL_TYPES,
  async react(trx, events, { modules }) {
    const signals = events.filter(isSignal);
    if (!signals.length) return;
    const customerKeys = [...new Set(signals.map((e) => e.customerKey!))];
    const asOf = new Date(Math.max(...signals.map((e) => e.occurredAt.getTime())));
    const types = [...new Set(signals.map((e) => e.type))].sort();
    await rescore(trx, modules, { asOf, triggeredBy: `EVENT:${types.join('+')}`, customerKeys });
  },
};
