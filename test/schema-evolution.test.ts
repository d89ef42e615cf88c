// Schema evolution: the emitted schema against the last released one. Breaking changes fail the check
// unless schema/breaking-changes.json lists them with a reason; deprecations say when they go.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  parse,
  print,
  type TypeNode,
  visit,
} from 'graphql';
import {
  BREAKING_CHANGES_FILE,
  checkRepository,
  checkSchemaEvolution,
  type DeliberateChange,
  EMITTED_FILE,
  parseDeliberate,
  RELEASED_FILE,
  removalDateOf,
} from '../tools/schema-evolution';

const root = path.resolve(__dirname, '..');
const released = fs.readFileSync(path.join(root, RELEASED_FILE), 'utf8');
const TODAY = new Date('2026-12-01T12:00:00Z');

type FieldLike = FieldDefinitionNode | InputValueDefinitionNode;

/** The released schema with some of its fields (Type.field) replaced, or removed when `edit` returns null. */
function edited(edits: Record<string, (f: FieldLike) => FieldLike | null>, enumValuesRemoved: string[] = []): string {
  const seen = new Set<string>();
  const doc = visit(parse(released), {
    enter(node, _key, _parent, _path, ancestors) {
      const owner = ancestors[ancestors.length - 1] as { name?: { value: string } } | undefined;
      if ((node.kind === Kind.FIELD_DEFINITION || node.kind === Kind.INPUT_VALUE_DEFINITION) && owner?.name) {
        const key = `${owner.name.value}.${node.name.value}`;
        const edit = edits[key];
        if (edit) {
          seen.add(key);
          return edit(node) ?? null;
        }
      }
      if (node.kind === Kind.ENUM_VALUE_DEFINITION && owner?.name && enumValuesRemoved.includes(`${owner.name.value}.${node.name.value}`)) {
        seen.add(`${owner.name.value}.${node.name.value}`);
        return null;
      }
      return undefined;
    },
  }) as DocumentNode;
  // Each edit found its target, so that the fixture really breaks what it says.
  expect([...seen].sort()).toEqual([...Object.keys(edits), ...enumValuesRemoved].sort());
  return print(doc);
}

const named = (name: string, nonNull: boolean): TypeNode => {
  const t: TypeNode = { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: name } };
  return nonNull ? { kind: Kind.NON_NULL_TYPE, type: t } : t;
};

const deprecate = (reason: string) => (f: FieldLike): FieldLike => ({
  ...f,
  directives: [
    ...(f.directives ?? []),
    {
      kind: Kind.DIRECTIVE,
      name: { kind: Kind.NAME, value: 'deprecated' },
      arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'reason' }, value: { kind: Kind.STRING, value: reason } }],
    },
  ],
});

// The fixture: a field removed, a field's type changed, an input field made required, an enum value removed.
const BREAKING = () =>
  edited(
    {
      'Customer.region': () => null,
      'Customer.tenureMonths': (f) => ({ ...f, type: named('String', true) }),
      'ProposeOfferInput.channel': (f) => ({ ...f, type: named('String', true) }),
    },
    ['OfferAnswer.DECLINE'],
  );

it('the emitted schema passes against the released one (npm run schema:check)', async () => {
  const report = await checkRepository(root, TODAY);
  expect({ unlisted: report.unlisted, badEntries: report.badEntries, badDeprecations: report.badDeprecations }).toEqual({
    unlisted: [],
    badEntries: [],
    badDeprecations: [],
  });
  expect(report.ok).toBe(true);
  // The files the check reads are the ones the README names.
  expect(fs.existsSync(path.join(root, EMITTED_FILE)) && fs.existsSync(path.join(root, BREAKING_CHANGES_FILE))).toBe(true);
});

it('a schema that removes a field, changes a type, requires an input and drops an enum value is refused', async () => {
  const report = await checkSchemaEvolution(released, BREAKING(), [], TODAY);
  expect(report.ok).toBe(false);
  expect(report.unlisted.map((c) => `${c.type} ${c.path}`).sort()).toEqual([
    'ENUM_VALUE_REMOVED OfferAnswer.DECLINE',
    'FIELD_REMOVED Customer.region',
    'FIELD_TYPE_CHANGED Customer.tenureMonths',
    'INPUT_FIELD_TYPE_CHANGED ProposeOfferInput.channel',
  ]);
});

it('listing the breaking changes with reasons lets them through; an entry without a reason or a change does not', async () => {
  const all: DeliberateChange[] = [
    { type: 'FIELD_REMOVED', path: 'Customer.region', reason: 'Regions moved to the branch directory; agreed with every front-end team' },
    { type: 'FIELD_TYPE_CHANGED', path: 'Customer.tenureMonths', reason: 'Tenure is now a text like "5y 3m" for the branch app' },
    { type: 'INPUT_FIELD_TYPE_CHANGED', path: 'ProposeOfferInput.channel', reason: 'Every proposal must now say where it was made' },
    { type: 'ENUM_VALUE_REMOVED', path: 'OfferAnswer.DECLINE', reason: 'Declines are now recorded as lapsed proposals' },
  ];
  const ok = await checkSchemaEvolution(released, BREAKING(), all, TODAY);
  expect(ok.unlisted).toEqual([]);
  expect(ok.deliberate).toHaveLength(4);
  expect(ok.ok).toBe(true);

  const noReason = await checkSchemaEvolution(released, BREAKING(), [...all.slice(0, 3), { ...all[3], reason: '' }], TODAY);
  expect(noReason.ok).toBe(false);
  expect(noReason.badEntries.map((b) => `${b.entry.path}: ${b.problem}`)).toEqual([expect.stringMatching(/^OfferAnswer\.DECLINE: needs a reason/)]);

  // Left over after a release: the list names a change the schemas no longer differ by.
  const leftOver = await checkSchemaEvolution(released, released, [all[0]], TODAY);
  expect(leftOver.ok).toBe(false);
  expect(leftOver.badEntries.map((b) => b.problem)).toEqual([expect.stringMatching(/matches no breaking change/)]);
});

it('a deprecation must carry a removal date; a deprecated field may go once its date has come', async () => {
  const vague = edited({ 'Customer.region': deprecate('Use the branch directory') });
  const refused = await checkSchemaEvolution(released, vague, [], TODAY);
  expect(refused.ok).toBe(false);
  expect(refused.badDeprecations).toEqual([{ path: 'Customer.region', reason: 'Use the branch directory' }]);

  const dated = edited({ 'Customer.region': deprecate('Use the branch directory; removal on 2026-11-30') });
  const accepted = await checkSchemaEvolution(released, dated, [], TODAY);
  expect(accepted.ok).toBe(true);
  expect(accepted.badDeprecations).toEqual([]);

  // Released deprecated: removing it is fine after the date, and a breaking change before it.
  const removed = visit(parse(dated), {
    FieldDefinition: (f, _k, _p, _path, ancestors) =>
      f.name.value === 'region' && (ancestors[ancestors.length - 1] as { name?: { value: string } }).name?.value === 'Customer' ? null : undefined,
  });
  const after = await checkSchemaEvolution(dated, print(removed), [], TODAY);
  expect(after.ok).toBe(true);
  expect(after.removedAfterDeprecation.map((c) => c.path)).toEqual(['Customer.region']);
  const before = await checkSchemaEvolution(dated, print(removed), [], new Date('2026-11-29T00:00:00Z'));
  expect(before.ok).toBe(false);
  expect(before.unlisted.map((c) => c.path)).toEqual(['Customer.region']);
});

it('reads removal dates only when they are real dates', () => {
  expect(removalDateOf('Use X instead; removal on 2027-06-30')).toBe('2027-06-30');
  expect(removalDateOf('Will be removed after 2027-01-15, use Y')).toBe('2027-01-15');
  expect(removalDateOf('removal on 2027-02-30')).toBeNull();
  expect(removalDateOf('No longer supported')).toBeNull();
  expect(removalDateOf('2027-06-30')).toBeNull();
  expect(() => parseDeliberate('{"changes": [{"path": "A.b"}]}')).toThrow(/needs "type" and "path"/);
  expect(() => parseDeliberate('[]')).toThrow(/"changes" array/);
});

it('npm run schema:check exits 0 on the repository', () => {
  const run = spawnSync(process.execPath, ['-r', './tools/register.cjs', 'tools/schema-evolution.ts'], { cwd: root, encoding: 'utf8', timeout: 50_000 });
  expect({ status: run.status, stderr: run.stderr, out: run.stdout.trim().split('\n').pop() }).toEqual({ status: 0, stderr: '', out: 'schema check: ok' });
});
