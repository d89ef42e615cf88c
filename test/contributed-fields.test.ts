// A field on another module's GraphQL type is a declared contribution (`contributes.fields`), guarded
// by the contributing module's own capability. Read from the built schema and type-graphql's record of
// which resolver class resolves which field.
import 'reflect-metadata';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { FieldResolver, getMetadataStorage, Resolver, Root } from 'type-graphql';
import { rulesOf, type PermissionTable } from '../src/auth/permissions';
import { buildKeelSchema } from '../src/graphql/schema';
import type { KeelModule } from '../src/module';
import { defaultModules } from '../src/modules';
import { customerCapabilities, CustomerView } from '../src/modules/customers/public';
import { greetingsModule } from './fixtures/greetings';

interface AddedField {
  module: string;
  type: string;
  field: string;
}

/** Every field resolved by a module's resolver classes, with the GraphQL type it is on. */
function fieldsResolvedBy(modules: KeelModule[], raw: GraphQLSchema): AddedField[] {
  const storage = getMetadataStorage();
  const typeName = (cls: Function) => storage.objectTypes.find((o) => o.target === cls)?.name;
  const out: AddedField[] = [];
  for (const m of modules) {
    for (const meta of storage.fieldResolvers.filter((f) => m.resolvers.includes(f.target))) {
      const cls = meta.getObjectType?.() ?? meta.resolverClassMetadata?.getObjectType();
      const type = cls && typeName(cls as Function);
      if (!type) continue;
      // Only what the built schema really resolves counts.
      const gqlType = raw.getType(type);
      const field = isObjectType(gqlType) ? gqlType.getFields()[meta.schemaName] : undefined;
      if (field?.resolve) out.push({ module: m.name, type, field: meta.schemaName });
    }
  }
  return out;
}

/**
 * Who owns a GraphQL type. A module owns the types it fetches by id (its `nodes`: the module that
 * loads an object is the one that defines it); a type without a node source belongs to the one module
 * that resolves fields on it. That needs no extra declaration, and a module that adds a node-less type
 * shared with others gets a clear failure here rather than a silent owner.
 */
function ownersOf(modules: KeelModule[], resolved: AddedField[]): { owners: Map<string, string>; ambiguous: string[] } {
  const owners = new Map<string, string>();
  for (const m of modules) for (const n of m.nodes ?? []) owners.set(n.typeName, m.name);
  const ambiguous: string[] = [];
  for (const type of new Set(resolved.map((r) => r.type))) {
    if (owners.has(type)) continue;
    const by = [...new Set(resolved.filter((r) => r.type === type).map((r) => r.module))];
    if (by.length === 1) owners.set(type, by[0]);
    else ambiguous.push(`${type} (${by.join(', ')})`);
  }
  return { owners, ambiguous };
}

/** What is wrong with the modules' fields on each other's types; empty when all is declared. */
function contributionProblems(modules: KeelModule[]): string[] {
  const { raw } = buildKeelSchema(modules);
  const resolved = fieldsResolvedBy(modules, raw);
  const { owners, ambiguous } = ownersOf(modules, resolved);
  const problems = ambiguous.map((t) => `no module owns ${t}`);
  for (const r of resolved) {
    if (owners.get(r.type) === r.module) continue;
    const m = modules.find((x) => x.name === r.module)!;
    const declared = (m.contributes?.fields ?? []).find((f) => f.type === r.type && f.field === r.field);
    if (!declared) problems.push(`${r.module} adds ${r.type}.${r.field} (a type of ${owners.get(r.type)}) without declaring it`);
  }
  for (const m of modules) {
    for (const f of m.contributes?.fields ?? []) {
      const where = `${m.name} declares ${f.type}.${f.field}`;
      if (!resolved.some((r) => r.module === m.name && r.type === f.type && r.field === f.field)) problems.push(`${where} but resolves no such field`);
      else if (owners.get(f.type) === m.name) problems.push(`${where} on its own type`);
      if (m.permissions?.fields[f.type]?.[f.field] !== f.capability) problems.push(`${where} but its permission table does not guard it with ${f.capability.name}`);
      if (!Object.values(m.permissions?.capabilities ?? {}).includes(f.capability)) problems.push(`${where} with a capability not its own`);
    }
  }
  return problems;
}

// A module that slips a field onto Customer with a rule but no declaration.
@Resolver(() => CustomerView)
class SneakyResolver {
  @FieldResolver(() => String, { nullable: true })
  sneaky(@Root() c: CustomerView): string {
    return c.key;
  }
}
const sneakyTable: PermissionTable = { capabilities: {}, fields: { Customer: { sneaky: customerCapabilities.read } } };
const sneakyModule: KeelModule = { name: 'sneaky', entities: [], resolvers: [SneakyResolver], rules: rulesOf(sneakyTable), permissions: sneakyTable };

describe('fields on another module\'s type', () => {
  it('the modules of the deployment, and the module registered only in tests, declare every field they add', () => {
    expect(contributionProblems([...defaultModules, greetingsModule])).toEqual([]);
  });

  it('the declarations are the fields they are: offboarding\'s, feedback\'s, loyalty\'s, risk\'s and greetings\' on their types', () => {
    const declared = [...defaultModules, greetingsModule].flatMap((m) => (m.contributes?.fields ?? []).map((f) => `${m.name}: ${f.type}.${f.field} (${f.capability.name})`));
    expect(declared).toEqual([
      'offboarding: Customer.offboardingCases (offboarding.read)',
      'offboarding: Customer.legalHold (offboarding.readHolds)',
      'offboarding: Customer.winBackAttempts (offboarding.readWinBack)',
      'feedback: Customer.feedback (feedback.read)',
      'feedback: OffboardingCase.exitInterview (feedback.read)',
      'feedback: Customer.incidents (feedback.read)',
      'loyalty: Customer.loyaltyAccount (loyalty.read)',
      'loyalty: Customer.offers (loyalty.read)',
      'risk: Customer.riskScore (risk.read)',
      'risk: Customer.riskHistory (risk.read)',
      'risk: Customer.recommendedActions (risk.read)',
      'segments: Customer.segments (segments.read)',
      'greetings: Customer.greeting (greetings.read)',
    ]);
  });

  it('an undeclared field on another module\'s type fails, as does a declaration guarded by someone else\'s capability', () => {
    expect(contributionProblems([...defaultModules, sneakyModule])).toEqual([
      'sneaky adds Customer.sneaky (a type of customers) without declaring it',
    ]);
    const declaring: KeelModule = { ...sneakyModule, contributes: { fields: [{ type: 'Customer', field: 'sneaky', capability: customerCapabilities.read }] } };
    expect(contributionProblems([...defaultModules, declaring])).toEqual([
      'sneaky declares Customer.sneaky with a capability not its own',
    ]);
  });
});

describe('the other contributions', () => {
  const modules = [...defaultModules, greetingsModule];

  it('each is named once across the deployment, so that a consumer can tell them apart', () => {
    const names = (kind: 'customerFilters' | 'customerOrderings' | 'customerAttributes' | 'eligibility') => modules.flatMap((m) => (m.contributes?.[kind] ?? []).map((c) => c.name));
    for (const list of [
      names('customerFilters'), names('customerOrderings'), names('customerAttributes'), names('eligibility'),
      modules.flatMap((m) => (m.contributes?.events ?? []).map((e) => e.type)),
      modules.flatMap((m) => (m.contributes?.anonymisers ?? []).map((a) => a.source)),
    ]) expect(new Set(list).size).toBe(list.length);
  });

  it('offboarding declares the state changes it emits as domain events', () => {
    const offboarding = defaultModules.find((m) => m.name === 'offboarding')!;
    expect(offboarding.contributes?.events?.map((e) => e.type)).toEqual(['offboarding.case_changed', 'customer.exited', 'customer.won_back']);
  });

  it('anonymisers run in registry order: each module\'s own source, lowest first', () => {
    expect(modules.flatMap((m) => (m.contributes?.anonymisers ?? []).map((a) => `${m.name}:${a.source}`))).toEqual([
      'customers:customers', 'offboarding:offboarding', 'feedback:feedback', 'loyalty:loyalty', 'risk:risk', 'campaigns:campaigns', 'greetings:greetings',
    ]);
  });
});
