// Reactions to domain events within the raising transaction: the events an entity manager flushed are
// kept until its transaction is about to commit, then each module's reaction to their types runs in
// that transaction. A reaction that fails rolls the whole change back, as any part of it would.
import type { EventArgs, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { contributionsOf, type KeelModule, type RaisedDomainEvent } from '../module';
import { DomainEvent } from './domain-event.entity';

export class ReactionsSubscriber implements EventSubscriber {
  private readonly pending = new WeakMap<object, RaisedDomainEvent[]>();
  private readonly reactions;

  constructor(private readonly modules: KeelModule[]) {
    this.reactions = contributionsOf(modules, 'reactions');
  }

  afterCreate(args: EventArgs<unknown>): void {
    if (!this.reactions.length || !(args.entity instanceof DomainEvent)) return;
    const e = args.entity;
    if (!this.reactions.some((r) => r.types.includes(e.type))) return;
    const list = this.pending.get(args.em) ?? [];
    list.push({ id: e.id, type: e.type, occurredAt: e.occurredAt, customerKey: e.customerId ?? null, payload: e.payload });
    this.pending.set(args.em, list);
  }

  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    const events = this.pending.get(args.em);
    if (!events?.length || !args.transaction) return;
    this.pending.delete(args.em);
    await this.react(args.transaction as Knex, events);
  }

  /** Runs each module's reaction to the events of its types, in `trx`. */
  async react(trx: Knex, events: RaisedDomainEvent[]): Promise<void> {
    for (const reaction of this.reactions) {
      const mine = events.filter((e) => reaction.types.includes(e.type));
      if (mine.length) await reaction.react(trx, mine, { modules: this.modules });
    }
  }

  afterTransactionRollback(args: TransactionEventArgs): void {
    this.pending.delete(args.em);
  }
}

/**
 * The explicit hook for events raised by a set-based statement (an ingest batch writes its events in one
 * INSERT, not through the entity): runs the reactions of `em`'s deployment to them in `trx`, the
 * transaction that raised them, before it commits. One call for the whole batch, so a reaction stays set-based.
 */
export async function reactToRaised(em: EntityManager, trx: Knex, events: RaisedDomainEvent[]): Promise<void> {
  if (!events.length) return;
  const subscriber = [...em.getEventManager().getSubscribers()].find((s): s is ReactionsSubscriber => s instanceof ReactionsSubscriber);
  if (subscriber) await subscriber.react(trx, events);
}
