// A segment's rule: a tree of all / any / not over conditions on customer attributes that modules
// contribute. Checked on input (each problem at its path inside the rule) and compiled to a boolean SQL
// expression over the customer alias `c` in which every caller value is a binding and every field is
// the contributing module's own expression: no string of the caller ever becomes SQL text.
import type { Knex } from '@mikro-orm/postgresql';
import { can } from '../../auth/permissions';
import type { Viewer } from '../../auth/viewer';
import { problem, type Problem } from '../../domain/errors';
import type { CustomerAttribute } from '../../module';
import { SegmentErrorCode as E } from './segment.errors';

export enum SegmentOperator {
  EQ = 'EQ',
  NEQ = 'NEQ',
  GT = 'GT',
  GTE = 'GTE',
  LT = 'LT',
  LTE = 'LTE',
  BETWEEN = 'BETWEEN',
  IN = 'IN',
  NOT_IN = 'NOT_IN',
  IS_NULL = 'IS_NULL',
  IS_NOT_NULL = 'IS_NOT_NULL',
}

/** Which operators fit which attribute type. */
export const OPERATORS_BY_TYPE: Record<CustomerAttribute['type'], SegmentOperator[]> = {
  number: [
    SegmentOperator.EQ, SegmentOperator.NEQ, SegmentOperator.GT, SegmentOperator.GTE, SegmentOperator.LT, SegmentOperator.LTE,
    SegmentOperator.BETWEEN, SegmentOperator.IN, SegmentOperator.NOT_IN, SegmentOperator.IS_NULL, SegmentOperator.IS_NOT_NULL,
  ],
  text: [SegmentOperator.EQ, SegmentOperator.NEQ, SegmentOperator.IN, SegmentOperator.NOT_IN, SegmentOperator.IS_NULL, SegmentOperator.IS_NOT_NULL],
  boolean: [SegmentOperator.EQ, SegmentOperator.NEQ, SegmentOperator.IS_NULL, SegmentOperator.IS_NOT_NULL],
};

export const RULE_LIMITS = {
  /** Levels of all / any / not above a condition. */
  maxDepth: 6,
  /** Conditions in one rule. */
  maxConditions: 50,
  /** Values in one IN / NOT_IN list. */
  maxListValues: 200,
  /** Characters in one text value. */
  maxTextLength: 200,
};

/** A condition's value as the caller sends it: exactly one of these, or none for IS_NULL / IS_NOT_NULL. */
export interface RuleValueInput {
  number?: number | null;
  boolean?: boolean | null;
  text?: string | null;
  numbers?: number[] | null;
  texts?: string[] | null;
}

export interface RuleInput {
  all?: RuleInput[] | null;
  any?: RuleInput[] | null;
  not?: RuleInput | null;
  condition?: { field: string; operator: SegmentOperator; value?: RuleValueInput | null } | null;
}

export type RuleValue = number | boolean | string | number[] | string[] | null;

/** The rule as stored (jsonb) and compiled: checked, with one value per condition. */
export type StoredRule =
  | { all: StoredRule[] }
  | { any: StoredRule[] }
  | { not: StoredRule }
  | { field: string; op: SegmentOperator; value: RuleValue };

const NO_VALUE = new Set([SegmentOperator.IS_NULL, SegmentOperator.IS_NOT_NULL]);
const LIST = new Set([SegmentOperator.IN, SegmentOperator.NOT_IN, SegmentOperator.BETWEEN]);

const setKeys = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined && v !== null).map(([k]) => k);

/** The attributes a viewer may build rules on: those whose module's capability they hold. */
export function fieldsFor(attributes: CustomerAttribute[], viewer: Viewer | null): CustomerAttribute[] {
  return attributes.filter((a) => can(viewer, a.capability));
}

// Unicode control characters other than ordinary whitespace, and lone surrogates, are refused in text values.
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks a rule against the attributes the viewer may use; returns the stored form, or every problem
 * found, each at its path (e.g. ["input", "rule", "any", "2", "condition", "value"]).
 */
export function checkRule(
  input: RuleInput,
  attributes: CustomerAttribute[],
  viewer: Viewer | null,
  path: string[] = ['input', 'rule'],
): { rule: StoredRule | null; problems: Problem[] } {
  const problems: Problem[] = [];
  let conditions = 0;
  let tooMany = false;
  const byName = new Map(attributes.map((a) => [a.name, a]));

  const walk = (node: RuleInput, at: string[], depth: number): StoredRule | null => {
    if (node === null || typeof node !== 'object') {
      problems.push(problem(at, E.INVALID_RULE, 'A rule is an object with one of all, any, not or condition'));
      return null;
    }
    const keys = setKeys(node);
    if (keys.length !== 1) {
      problems.push(problem(at, E.INVALID_RULE, `Set exactly one of all, any, not or condition (got ${keys.length})`));
      return null;
    }
    const [key] = keys;
    if (key !== 'condition' && depth >= RULE_LIMITS.maxDepth) {
      problems.push(problem(at, E.RULE_TOO_DEEP, `A rule nests at most ${RULE_LIMITS.maxDepth} levels of all, any and not`));
      return null;
    }
    if (key === 'all' || key === 'any') {
      const list = node[key]!;
      if (list.length === 0) {
        problems.push(problem([...at, key], E.INVALID_RULE, `${key} needs at least one rule`));
        return null;
      }
      const parts = list.map((child, i) => walk(child, [...at, key, String(i)], depth + 1));
      return parts.every((p) => p !== null) ? ({ [key]: parts } as StoredRule) : null;
    }
    if (key === 'not') {
      const inner = walk(node.not!, [...at, 'not'], depth + 1);
      return inner ? { not: inner } : null;
    }
    conditions += 1;
    if (conditions > RULE_LIMITS.maxConditions) {
      if (!tooMany) problems.push(problem(path, E.RULE_TOO_LARGE, `A rule has at most ${RULE_LIMITS.maxConditions} conditions`));
      tooMany = true;
      return null;
    }
    return condition(node.condition!, [...at, 'condition']);
  };

  const condition = (c: NonNullable<RuleInput['condition']>, at: string[]): StoredRule | null => {
    const attr = byName.get(c.field);
    if (!attr) {
      problems.push(problem([...at, 'field'], E.UNKNOWN_FIELD, 'No module offers this rule field'));
      return null;
    }
    if (!can(viewer, attr.capability)) {
      problems.push(problem([...at, 'field'], E.FIELD_NOT_ALLOWED, `Rules on ${attr.name} need ${attr.capability.name}`));
      return null;
    }
    if (!OPERATORS_BY_TYPE[attr.type].includes(c.operator)) {
      problems.push(problem([...at, 'operator'], E.OPERATOR_DOES_NOT_FIT, `${c.operator} does not apply to ${attr.name}, a ${attr.type} field`));
      return null;
    }
    const value = valueOf(attr, c.operator, c.value ?? null, [...at, 'value']);
    return value === undefined ? null : { field: attr.name, op: c.operator, value };
  };

  // undefined: a problem was recorded.
  const valueOf = (attr: CustomerAttribute, op: SegmentOperator, v: RuleValueInput | null, at: string[]): RuleValue | undefined => {
    const keys = v ? setKeys(v) : [];
    const wrong = (message: string) => {
      problems.push(problem(at, E.VALUE_DOES_NOT_FIT, message));
      return undefined;
    };
    if (NO_VALUE.has(op)) return keys.length ? wrong(`${op} takes no value`) : null;
    const listWanted = LIST.has(op);
    const expected = `${attr.type === 'number' ? 'number' : attr.type}${listWanted ? 's' : ''}`;
    const key = attr.type === 'number' ? (listWanted ? 'numbers' : 'number') : attr.type === 'text' ? (listWanted ? 'texts' : 'text') : 'boolean';
    if (keys.length !== 1 || keys[0] !== key) return wrong(`${attr.name} ${op} needs exactly one value, in \`${key}\` (${expected})`);
    const raw = (v as Record<string, unknown>)[key];
    const texts = (items: string[]) => {
      for (const [i, s] of items.entries()) {
        if (s.length === 0 || s.length > RULE_LIMITS.maxTextLength || BAD_TEXT.test(s)) {
          return wrong(`Text value ${listWanted ? `${i} ` : ''}must be 1..${RULE_LIMITS.maxTextLength} characters without control characters`);
        }
        if (attr.values && !attr.values.includes(s)) return wrong(`${attr.name} is one of ${attr.values.join(', ')}`);
      }
      return true;
    };
    if (Array.isArray(raw)) {
      if (op === SegmentOperator.BETWEEN) {
        if (raw.length !== 2 || !((raw[0] as number) <= (raw[1] as number))) return wrong('BETWEEN needs two numbers, the lower first');
      } else if (raw.length === 0 || raw.length > RULE_LIMITS.maxListValues) {
        return wrong(`${op} needs 1..${RULE_LIMITS.maxListValues} values`);
      }
      if (key === 'numbers' && !raw.every((n) => typeof n === 'number' && Number.isFinite(n))) return wrong('Values must be finite numbers');
      if (key === 'texts' && texts(raw as string[]) === undefined) return undefined;
      return raw as number[] | string[];
    }
    if (key === 'number' && !(typeof raw === 'number' && Number.isFinite(raw))) return wrong('The value must be a finite number');
    if (key === 'text' && texts([raw as string]) === undefined) return undefined;
    return raw as RuleValue;
  };

  const rule = walk(input, path, 0);
  return { rule: problems.length ? null : rule, problems };
}

const SQL_OP: Partial<Record<SegmentOperator, string>> = {
  [SegmentOperator.EQ]: '=', [SegmentOperator.NEQ]: '<>', [SegmentOperator.GT]: '>', [SegmentOperator.GTE]: '>=',
  [SegmentOperator.LT]: '<', [SegmentOperator.LTE]: '<=',
};
const CAST: Record<CustomerAttribute['type'], string> = { number: 'numeric', text: 'text', boolean: 'boolean' };

/**
 * The rule as a boolean SQL expression over `c`, as of `asOf`. A condition on a missing (null) value is
 * false, never unknown, so that `not` is plain negation. Throws on a field that is not among `attributes`
 * (a stored rule whose module has gone): the caller decides what that means. Each field's value is its
 * attribute's per-customer expression, or what `read` gives (a refresh reads every customer, and joins
 * the set-based forms: src/domain/attribute-reader.ts).
 */
export function compileRule(
  knex: Knex, rule: StoredRule, attributes: CustomerAttribute[], asOf: Date, read: (a: CustomerAttribute) => Knex.Raw = (a) => a.sql(knex, asOf),
): Knex.Raw {
  const byName = new Map(attributes.map((a) => [a.name, a]));
  const build = (r: StoredRule): Knex.Raw => {
    if ('all' in r || 'any' in r) {
      const parts = 'all' in r ? r.all : r.any;
      const joiner = 'all' in r ? ' and ' : ' or ';
      return knex.raw(`(${parts.map(() => '?').join(joiner)})`, parts.map(build));
    }
    if ('not' in r) return knex.raw('(not ?)', [build(r.not)]);
    const attr = byName.get(r.field);
    if (!attr) throw new Error(`Rule field ${r.field} is not offered by any module of this deployment`);
    const expr = read(attr);
    const cast = CAST[attr.type];
    switch (r.op) {
      case SegmentOperator.IS_NULL:
        return knex.raw('(? is null)', [expr]);
      case SegmentOperator.IS_NOT_NULL:
        return knex.raw('(? is not null)', [expr]);
      case SegmentOperator.BETWEEN: {
        const [lo, hi] = r.value as number[];
        return knex.raw(`coalesce(? between ?::numeric and ?::numeric, false)`, [expr, lo, hi]);
      }
      case SegmentOperator.IN:
      case SegmentOperator.NOT_IN: {
        const values = r.value as (number | string)[];
        const list = values.map(() => `?::${cast}`).join(', ');
        return knex.raw(`coalesce(? ${r.op === SegmentOperator.IN ? 'in' : 'not in'} (${list}), false)`, [expr, ...values]);
      }
      default:
        return knex.raw(`coalesce(? ${SQL_OP[r.op]} ?::${cast}, false)`, [expr, r.value as string | number | boolean]);
    }
  };
  return build(rule);
}

/** The rule fields a stored rule uses. */
export function fieldsOf(rule: StoredRule): string[] {
  if ('all' in rule) return rule.all.flatMap(fieldsOf);
  if ('any' in rule) return rule.any.flatMap(fieldsOf);
  if ('not' in rule) return fieldsOf(rule.not);
  return [rule.field];
}
