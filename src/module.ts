// The module contract: each folder under src/modules exports one object of this shape, and
// createApp assembles the list. The platform names no module.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { IRules } from 'graphql-shield';
import type { NonEmptyArray } from 'type-graphql';
import type { NamedCapability, PermissionTable } from './auth/permissions';
import type { Viewer } from './auth/viewer';
import type { Config } from './config';
import type { Context } from './graphql/context';

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

export interface Job {
  name: string;
  /** How often the scheduler runs it, across all replicas together (default: hourly). */
  everySeconds?: number;
  run(deps: { em: EntityManager; now: Date; config: Config }): Promise<unknown>;
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
  /** Partner scopes this module's rules refer to. */
  scopes?: string[];
  credentials?: CredentialVerifier[];
  jobs?: Job[];
  /** Items this module adds to the offboarding settlement checklist. */
  checklistItems?: ChecklistContributor[];
  /** Loader factories the module uses, for reference; instances are made per request. */
  loaders?: Record<string, unknown>;
}

export function resolversOf(modules: KeelModule[], platform: Function[]): NonEmptyArray<Function> {
  return [...platform, ...modules.flatMap((m) => m.resolvers)] as NonEmptyArray<Function>;
}
