// The schema as committed, and the permission rules that guard it.
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, isInputObjectType, isObjectType, parse, validate } from 'graphql';
import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { renderSchema, SCHEMA_FILE } from '../src/graphql/schema-emit';
import { buildKeelSchema, fieldsNeedingRules } from '../src/graphql/schema';
import { defaultModules } from '../src/modules';

const root = path.resolve(__dirname, '..');

it('schema/schema.graphql matches the code (run npm run schema:emit after changing the API)', () => {
  const committed = fs.readFileSync(path.join(root, SCHEMA_FILE), 'utf8');
  expect(renderSchema(defaultModules)).toBe(committed);
});

it('every root field, field resolver and personal data field has an explicit rule', () => {
  const { raw, rules } = buildKeelSchema(defaultModules);
  const pii = defaultModules.flatMap((m) => m.piiFields ?? []);
  const needed = fieldsNeedingRules(raw, pii);
  // The three lists, from the schema itself.
  const roots = needed.filter((f) => /^(Query|Mutation|Subscription)\./.test(f));
  expect(roots).toEqual(expect.arrayContaining(['Query.customers', 'Query.node', 'Mutation.createCustomer']));
  expect(needed).toEqual(expect.arrayContaining(['Customer.accounts', 'Customer.relationshipManager', ...pii]));
  for (const f of needed) {
    const [type, field] = f.split('.');
    expect({ field: f, rule: !!(rules as Record<string, Record<string, unknown>>)[type]?.[field] }).toEqual({ field: f, rule: true });
  }
  // Each personal data field has its own resolver (masking happens there).
  for (const f of pii) {
    const [type, field] = f.split('.');
    const t = raw.getType(type);
    expect(isObjectType(t) && typeof t.getFields()[field].resolve).toBe('function');
  }
});

it('a module that adds a root field without a rule cannot be assembled', () => {
  @ObjectType({ simpleResolvers: true })
  class Leak {
    @Field()
    secret!: string;
  }
  @Resolver()
  class LeakResolver {
    @Query(() => Leak)
    leak(): Leak {
      return { secret: 'x' };
    }
  }
  const rogue = { name: 'rogue', entities: [], resolvers: [LeakResolver], rules: {} };
  expect(() => buildKeelSchema([...defaultModules, rogue])).toThrow(/Query\.leak/);
});

it('every mutation takes exactly one argument, called input', () => {
  const mutation = buildKeelSchema(defaultModules).raw.getMutationType()!;
  for (const field of Object.values(mutation.getFields())) {
    expect({ mutation: field.name, args: field.args.map((a) => a.name) }).toEqual({ mutation: field.name, args: ['input'] });
  }
});

it('every type and field has a description', () => {
  const { raw } = buildKeelSchema(defaultModules);
  const missing: string[] = [];
  for (const type of Object.values(raw.getTypeMap())) {
    if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID', 'Query', 'Mutation', 'Subscription'].includes(type.name)) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
    }
  }
  expect(missing).toEqual([]);
});

it('the operations in schema/operations are valid against the schema', () => {
  const schema = buildSchema(fs.readFileSync(path.join(root, SCHEMA_FILE), 'utf8'));
  const dir = path.join(root, 'schema/operations');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const errors = validate(schema, parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    expect({ file, errors: errors.map((e) => e.message) }).toEqual({ file, errors: [] });
  }
});
