// Risk reacts to signals of leaving in the transaction that records them: a complaint or a detractor's
// answer rescores that customer at once with the active model (the history keeps the score before),
// so that the score a relationship manager reads next already counts what the customer just said.
import type { Reaction, RaisedDomainEvent } from '../../module';
import { rescore } from './risk.scoring';

/** A complaint, or an NPS answer of a detractor (0..6). */
function isSignal(e: RaisedDomainEvent): boolean {
  if (e.type !== 'feedback.received' || !e.customerKey) return false;
  const nps = e.payload.nps;
  return e.payload.kind === 'COMPLAINT' || (typeof nps === 'number' && nps <= 6);
}

export const rescoreOnSignals: Reaction = {
  source: 'risk',
  types: ['feedback.received'],
  async react(trx, events, { modules }) {
    const signals = events.filter(isSignal);
    if (!signals.length) return;
    const customerKeys = [...new Set(signals.map((e) => e.customerKey!))];
    const asOf = new Date(Math.max(...signals.map((e) => e.occurredAt.getTime())));
    await rescore(trx, modules, { asOf, triggeredBy: `EVENT:${signals[0].type}`, customerKeys });
  },
};
