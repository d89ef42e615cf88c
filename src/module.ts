// The module contract: each folder under src/modules exports one object of this shape, and
// createApp assembles the list. The platform names no module.
import type { MigrationObject } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { IRules } from 'graphql-shield';
import type pg from 'pg';
import type { NonEmptyArray } from 'type-graphql';
import type { AuditActor } from './audit/audit.writer';
import type { NamedCapability, PermissionTable } from './auth/permissions';
import type { Viewer } from './auth/viewer';
import type { Config, ModuleSections } from './config';
import type { Env } from './config.fields';
import type { PublishedEvent } from './events/bus';
import type { Context } from './graphql/context';
import type { ModuleMetric } from './metrics';

/** How `node(id:)` fetches objects of one type: batched, with the viewer's bounds applied. */
export interface NodeSource {
  typeName: string;
  /** The capability that reads this type (from the module's permission table); load applies its bound. */
  capability: NamedCapability;
  /** Rows for the keys that exist and within the reach of the viewer's capability, in any order, each with `key`. */
  load(ctx: Context, keys: string[]): Promise<{ key: string }[]>;
}

/** A credential kind besides staff JWTs (partner API tokens), recognised by its prefix. */
export interface CredentialVerifier {
  prefix: string;
  verify(token: string, deps: { em: EntityManager; now: Date; requestId: string }): Promise<Viewer>;
}

/**
 * A worker on a pg-boss queue that the module's own migration creates (webhook deliveries): each
 * message is handled by a plain function of (dependencies, message), which tests call directly.
 */
export interface QueueWorker {
  queue: string;
  /** Messages handled at once by one replica (default 1). */
  batchSize?: number;
  /** A throw lets pg-boss retry the message as the queue's policy says. */
  run(deps: { em: EntityManager; now: Date; config: Config; modules: KeelModule[] }, data: unknown): Promise<unknown>;
}

export interface Job {
  name: string;
  /** How often it runs, once per period across all replicas together (default: hourly). */
  everySeconds?: number;
  /** Retries after a failure before the run is dead (default 3), with exponential backoff from `retryDelaySeconds`. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A run taking longer fails (and is retried); default: its period, at most an hour. */
  timeoutSeconds?: number;
  /**
   * `modules`: the deployment's modules, for jobs that run other modules' contributions. `data`: what the
   * run was sent with: `{ period }` for a periodic run, or what the module gave `sendJobRun`.
   */
  run(deps: { em: EntityManager; now: Date; config: Config; modules: KeelModule[]; data?: Readonly<Record<string, unknown>> }): Promise<unknown>;
}

/** A settlement checklist item that a module adds when an offboarding case starts settlement. */
export interface ChecklistItemSpec {
  /** Stable code of the item kind, e.g. "POINTS_SETTLEMENT". */
  kind: string;
  /** What to do, in words staff act on. */
  label: string;
  /** A required item must be done before the case can close (default true). */
  required?: boolean;
  /** The account the item is about, if any. */
  accountId?: string | null;
}

/** What a settling case is about, for contributors deciding their items. */
export interface SettlementScope {
  caseId: string;
  customerId: string;
  /** FULL: the whole relationship ends; otherwise only `accountIds` close. */
  fullExit: boolean;
  accountIds: string[];
}

/** Another module's part of the offboarding settlement checklist (loyalty adds points settlement). */
export interface ChecklistContributor {
  /** The contributing module's name, recorded as the item's source. */
  source: string;
  /** Items to add when settlement starts; runs inside the case's transaction. */
  itemsFor(em: EntityManager, scope: SettlementScope): Promise<ChecklistItemSpec[]>;
  /** Why an item of this contributor cannot be ticked yet, checked live at tick time; null when it can. */
  blockerFor?(em: EntityManager, item: { kind: string; accountId: string | null; customerId: string }): Promise<string | null>;
}

/**
 * A field this module adds to another module's GraphQL type, resolved by this module's own field
 * resolver (risk adds `Customer.riskScore`). Declared as data so that a test can tell a declared
 * contribution from a field slipped onto someone else's type.
 */
export interface ContributedField {
  /** The GraphQL type it extends, owned by a lower module ("Customer"). */
  type: string;
  field: string;
  /** The contributing module's capability (from its permission table) that guards the field. */
  capability: NamedCapability;
}

/**
 * A filter added to the customers list (by risk band, by segment). `apply` narrows the
 * query, whose customer table is aliased `c`; the list applies it only when a value is given and the
 * viewer holds `capability`.
 */
export interface CustomerFilter<V = unknown> {
  name: string;
  description: string;
  capability: NamedCapability;
  apply(qb: Knex.QueryBuilder, value: V, ctx: Context): void;
}

/** One sort key of a contributed ordering of the customers list. */
export interface CustomerOrderingKey {
  /** An SQL expression over the list's query: the customer alias `c` and what the ordering's `join` adds. */
  sql: string;
  /** What the expression gives, so that a cursor's value is checked (and cast) before SQL sees it. */
  type: 'float' | 'integer' | 'text' | 'timestamp';
}

/**
 * An ordering added to the customers list (by risk score). The list pages it with a keyset of the
 * ordering's `keys` in the direction asked, ties by the customer's id the other way (so that an index
 * such as `(score desc, customer_id)` serves both directions); customers without values for the keys
 * (null together, as a left join leaves them) come last in either direction, by id. The list applies it
 * only for a viewer who holds `capability`, and only over the customers within that capability's reach.
 */
export interface CustomerOrdering {
  /** Stable name, "<module>.<what>", e.g. "risk.score". */
  name: string;
  description: string;
  capability: NamedCapability;
  /** Adds what the keys read to the list's query as a left join (at most one row per customer). */
  join(qb: Knex.QueryBuilder): void;
  keys: CustomerOrderingKey[];
}

/**
 * A fact about a customer that segment rules and risk models use, evaluated as of a date: `sql` is
 * an expression over the customer alias `c` that reads only data that existed at `asOf`, so that a
 * model trained on last year's values sees last year's data and nothing later.
 */
export interface CustomerAttribute {
  /** Stable name, "<module>.<what>", e.g. "customers.tenureMonths". */
  name: string;
  description: string;
  /** What a value counts ("months", "minor units of the reporting currency", "" for none). */
  unit: string;
  type: 'number' | 'boolean' | 'text';
  /** For a text attribute: the values it can take, so that a rule naming another is refused on input. */
  values?: string[];
  /** The capability a viewer needs to filter or segment by it. */
  capability: NamedCapability;
  /** A parameterised expression over `c`, built on `knex` (the caller's query builder). */
  sql(knex: Knex, asOf: Date): Knex.Raw;
  /**
   * The set-based form, for every customer at once: the name of a group of attributes computed over the
   * same source in one pass. Attributes of one group share `groupSql`. Batch scoring and training join each
   * group once (`customer_id` = `c.id`) instead of evaluating `sql` per customer.
   */
  group?: string;
  /**
   * One query over the group's source as of the date: a `customer_id` column (one row per customer at most)
   * and one column per attribute of the group, named by the attribute. It must give each customer it has a
   * row for exactly what `sql` gives (a test checks this for every attribute that has both).
   */
  groupSql?(knex: Knex, asOf: Date): Knex.Raw;
  /** The value `sql` gives a customer without a row in the group's query (e.g. 0 for a count); null otherwise. */
  groupAbsent?: number | boolean;
}

/**
 * One module's part of anonymising a customer: it erases the personal data in its own tables and
 * writes its own audit events. Offboarding runs every module's part, in registry order, inside the
 * customer's transaction, and only once it has checked the retention date and that no legal hold applies.
 */
export interface Anonymiser {
  /** The contributing module's name. */
  source: string;
  /** After the retention date: erase for good; returns the names of the fields erased. */
  anonymise(em: EntityManager, customerKey: string, deps: AuditActor): Promise<string[]>;
  /** On an erasure request before the retention date: erase only what need not be kept. */
  eraseUnneeded?(em: EntityManager, customerKey: string, deps: AuditActor): Promise<string[]>;
}

/** The offer an eligibility check is asked about (loyalty's offers; `kind` says which). */
export interface OfferRef {
  kind: string;
  key?: string;
  [detail: string]: unknown;
}

/** A condition a customer must meet for an offer (segments adds "member of segment"). */
export interface EligibilityCheck {
  name: string;
  /** Why the customer is not eligible, or null when this check lets them through. */
  check(em: EntityManager, customerKey: string, offer: OfferRef): Promise<string | null>;
  /**
   * The same condition for many customers at once (a campaign's proposals): a boolean SQL expression over
   * the customer alias `c` that holds when this check lets the customer through. A check without one
   * refuses set-based proposals of offers it would have a say in.
   */
  sql?(knex: Knex, offer: OfferRef): Knex.Raw;
}

/** A domain event type a module emits, described for its consumers (no delivery yet). */
export interface DomainEventType {
  /** "<module or aggregate>.<what happened>", e.g. "customer.exited". */
  type: string;
  description: string;
  /** Payload field → what it holds. */
  payload: Record<string, string>;
  /**
   * The capability that reads the data the event is about (the declaring module's read capability):
   * who may hear of it outside Keel, e.g. a partner's webhook. Without one, only staff who may manage
   * webhooks hear of it.
   */
  capability?: NamedCapability;
}

/**
 * A named group of customers that other modules act on by its id (segments: a segment's current
 * members), so that a lower module (feedback linking an incident's customers) uses groups it cannot import.
 */
export interface CustomerGroup {
  /** The GraphQL type of the group's global id, e.g. "Segment". */
  typeName: string;
  /** The capability a viewer needs to name the group; without it the group does not exist for them. */
  capability: NamedCapability;
  /**
   * A query selecting the group's current members as `customer_id` (wrapped: a query builder is
   * thenable, and a promise would run it), or null when there is no such group.
   */
  members(em: EntityManager, key: string): Promise<{ query: Knex.QueryBuilder } | null>;
}

/** A domain event as a reaction sees it, in the transaction that raised it. */
export interface RaisedDomainEvent {
  id: string;
  type: string;
  occurredAt: Date;
  customerKey: string | null;
  payload: Record<string, unknown>;
}

/**
 * What a module does when others raise events, inside the transaction that raised them and before it
 * commits, so that a derived fact changes with its cause or not at all (risk rescores a customer when
 * a complaint arrives). Events raised through the outbox's entity (raiseEvent) reach reactions on their
 * own; a set-based statement that writes events (an ingest batch) hands them over with `reactToRaised`
 * (src/events/reactions.ts), once for the batch; other set-based jobs leave derived facts to the batch jobs.
 */
export interface Reaction {
  /** The reacting module's name. */
  source: string;
  types: string[];
  /** `trx` is the raising transaction as a query builder. */
  react(trx: Knex, events: RaisedDomainEvent[], deps: { modules: KeelModule[] }): Promise<void>;
}

/**
 * What a module does with events once they are committed and published (webhooks enqueue their
 * deliveries), inside the relay's transaction that marks them published: the events are handled once
 * with their publishing, or again with it after a failure (at least once; consumers de-duplicate by id).
 */
export interface OutboxConsumer {
  /** The consuming module's name. */
  source: string;
  /** `em` and `trx` are the relay's transaction (as an entity manager and as a query builder). */
  consume(events: PublishedEvent[], deps: { em: EntityManager; trx: Knex; now: Date; config: Config; modules: KeelModule[] }): Promise<void>;
}

/** The period a staff figure is computed over, and the deployment's settings it may need. */
export interface StaffPeriod {
  from: Date;
  to: Date;
  now: Date;
  reportingCurrency: string;
  /** Every module's contacts with customers, as `customer_id, contacted_at` (see `CustomerContacts`). */
  contacts: Knex.QueryBuilder;
  /**
   * Keeps the rows whose customer (the key in `customerKeyColumn`) has a relationship manager within the
   * viewer's reach, with the customer as alias `c` (its `rm_id`, `status`, `total_deposits_minor`): the
   * customers module's bound, so that no contribution joins the customer table itself.
   */
  managed(qb: Knex.QueryBuilder, customerKeyColumn: string): Knex.QueryBuilder;
}

/**
 * One module's figures per relationship manager (offboarding: cases handled and retained; feedback:
 * complaints resolved in time; risk: high-risk customers without contact), so that a module reporting
 * on staff performance composes them without importing any. Each figure is over the customers of the
 * manager's book (the customer's current `rm_id`).
 */
export interface StaffFigures {
  /** The contributing module's name. */
  source: string;
  /** The figures' names, each a column of `sql` (numbers; null where there is nothing to measure). */
  figures: string[];
  /** One row per manager as `rm_id` (a staff user key) with a column per figure; managers without any may be absent. */
  sql(knex: Knex, period: StaffPeriod): Knex.QueryBuilder;
}

/** Where a module records contact with a customer (a retention call, a complaint, an offer): `customer_id, contacted_at`. */
export interface CustomerContacts {
  source: string;
  sql(knex: Knex): Knex.QueryBuilder;
}

/** Everything a module adds to other modules, each kind a typed hook that the owning module runs. */
export interface Contributions {
  fields?: ContributedField[];
  customerFilters?: CustomerFilter[];
  /** Orderings of the customers list (`orderBy: { contributed: name }`). */
  customerOrderings?: CustomerOrdering[];
  customerAttributes?: CustomerAttribute[];
  /** Items this module adds to the offboarding settlement checklist. */
  checklistItems?: ChecklistContributor[];
  anonymisers?: Anonymiser[];
  eligibility?: EligibilityCheck[];
  events?: DomainEventType[];
  customerGroups?: CustomerGroup[];
  reactions?: Reaction[];
  outboxConsumers?: OutboxConsumer[];
  staffFigures?: StaffFigures[];
  customerContacts?: CustomerContacts[];
}

/** One kind of contribution from all the modules of a deployment, in registry order. */
export function contributionsOf<K extends keyof Contributions>(modules: KeelModule[], kind: K): NonNullable<Contributions[K]>[number][] {
  return modules.flatMap((m) => (m.contributes?.[kind] ?? []) as NonNullable<Contributions[K]>[number][]);
}

/**
 * A migration of the module's own tables. Its SQL also grants the runtime role what those tables
 * allow, beside the statements that create them. Names are recorded in the database: never rename one.
 */
export type ModuleMigration = MigrationObject;

/**
 * A module's part of the configuration: reads its environment variables and returns its keys of
 * `Config` (declared by augmenting `ModuleSections`). A bad value throws a ConfigError naming the variable.
 */
export interface ConfigSection {
  parse(env: Env, ctx: { production: boolean; warn(message: string): void }): Partial<ModuleSections>;
}

export interface SeedContext {
  /** Owner connection, inside the seeding transaction. */
  client: pg.ClientBase;
  /** The demo's "today"; fixed so that the data are the same on every machine. */
  today: Date;
  /** The random seed; each module derives its own streams from it. */
  seed: number;
  /** How many demo customers (the size of the demo bank). */
  size: number;
  /** Settings of this deployment's modules that the seeds need (e.g. encryption keys). */
  settings: Partial<ModuleSections>;
  log(message: string): void;
  /** The deployment's modules, for seeds that use other modules' contributions (risk scores over their attributes, segment rules). */
  modules: KeelModule[];
}

/** A module's part of the demo bank; contributions run lowest module first, in one transaction. */
export interface SeedContribution {
  /** Whether the database holds this module's data already (then nothing is seeded). */
  present?(client: pg.ClientBase): Promise<boolean>;
  run(ctx: SeedContext): Promise<void>;
}

export interface KeelModule {
  name: string;
  /** MikroORM entity classes (the write model). */
  entities: Function[];
  /** type-graphql resolver classes. */
  resolvers: Function[];
  /** graphql-shield rules: type name → field name → rule (made from `permissions`). */
  rules: IRules;
  /** The module's permission table: its capabilities and the fields they guard. */
  permissions?: PermissionTable;
  /** Fields that carry personal data ("Customer.email"); each must have a resolver and a rule. */
  piiFields?: string[];
  nodes?: NodeSource[];
  /** Partner scopes this module's rules refer to; the deployment's scopes are those of its modules. */
  scopes?: string[];
  /** The module's migrations, oldest first; the runner applies them in registry order. */
  migrations?: ModuleMigration[];
  /** The module's configuration section, validated at start. */
  config?: ConfigSection;
  /** The module's demo data. */
  seed?: SeedContribution;
  credentials?: CredentialVerifier[];
  jobs?: Job[];
  /** Workers on the module's own queues (created by its migrations). */
  queueWorkers?: QueueWorker[];
  /** What this module adds to other modules (fields, filters, attributes, checklist items, ...). */
  contributes?: Contributions;
  /**
   * The module's own Prometheus series (made with moduleCounter / moduleHistogram from src/metrics), which
   * its code records and each app serves at /metrics. Named keel_<what>; labels name kinds and outcomes,
   * never ids or personal data (the app refuses a label such as customer_id at start).
   */
  metrics?: ModuleMetric[];
  /** Example operations for the development GraphiQL page, one tab each, checked against the schema by a test. */
  examples?: ExampleOperation[];
}

/** One example operation of a module, opened as a GraphiQL tab in development. */
export interface ExampleOperation {
  /** A named operation (its name is the tab's title); comments at the top explain what it shows. */
  query: string;
  /** Variables as JSON text. */
  variables?: string;
}

/** The partner scopes of a deployment: those its modules declare, in module order. */
export function scopesOf(modules: KeelModule[]): string[] {
  return [...new Set(modules.flatMap((m) => m.scopes ?? []))];
}

export function resolversOf(modules: KeelModule[], platform: Function[]): NonEmptyArray<Function> {
  return [...platform, ...modules.flatMap((m) => m.resolvers)] as NonEmptyArray<Function>;
}
