// npm run schema:check: the schema Keel emits against the last released one (schema/released.graphql),
// with @graphql-inspector/core. It fails on
//  - a breaking change that schema/breaking-changes.json does not list as deliberate, with a reason;
//  - an entry of that list without a reason, or one that matches no change (left over after a release);
//  - a deprecation whose reason does not say when the element will be removed ("removal on 2027-06-30").
// Removing an element that the released schema deprecated, once its removal date has come, needs no entry.
// Dangerous changes (an enum value added, a default changed) are reported, not refused.
import fs from 'node:fs';
import path from 'node:path';
import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import {
  buildSchema,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';

export const RELEASED_FILE = 'schema/released.graphql';
export const EMITTED_FILE = 'schema/schema.graphql';
export const BREAKING_CHANGES_FILE = 'schema/breaking-changes.json';

/** A breaking change made on purpose: the inspector's change type and path, and why. */
export interface DeliberateChange {
  type: string;
  path: string;
  reason: string;
}

export interface ChangeLine {
  type: string;
  path: string;
  message: string;
}

export interface EvolutionReport {
  /** Breaking changes nobody listed: the check fails. */
  unlisted: ChangeLine[];
  /** Breaking changes listed as deliberate, with their reasons. */
  deliberate: (ChangeLine & { reason: string })[];
  /** Deprecated elements removed after their removal date. */
  removedAfterDeprecation: ChangeLine[];
  /** Changes that may break some clients; reported only. */
  dangerous: ChangeLine[];
  /** Entries of the list that are wrong: no reason, or no such change. */
  badEntries: { entry: DeliberateChange; problem: string }[];
  /** Deprecations without a removal date in their reason. */
  badDeprecations: { path: string; reason: string }[];
  ok: boolean;
}

// "removal on 2027-06-30", "will be removed after 2027-06-30", "Removed 2027-06-30: use X".
const REMOVAL_DATE = /\bremov(?:e|ed|al)\b[^]*?(\d{4}-\d{2}-\d{2})/i;

/** The removal date a deprecation reason names, or null when it names none (or an impossible date). */
export function removalDateOf(reason: string | null | undefined): string | null {
  const m = reason ? REMOVAL_DATE.exec(reason) : null;
  if (!m) return null;
  const d = new Date(`${m[1]}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === m[1] ? m[1] : null;
}

/** Every deprecated element of a schema by path (Type.field, Type.field.arg, Enum.VALUE, Input.field), with its reason. */
export function deprecationsOf(schema: GraphQLSchema): Map<string, string> {
  const found = new Map<string, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason != null) found.set(`${type.name}.${field.name}`, field.deprecationReason);
        for (const arg of field.args) if (arg.deprecationReason != null) found.set(`${type.name}.${field.name}.${arg.name}`, arg.deprecationReason);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason != null) found.set(`${type.name}.${field.name}`, field.deprecationReason);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (value.deprecationReason != null) found.set(`${type.name}.${value.name}`, value.deprecationReason);
    }
  }
  return found;
}

const REMOVALS = new Set(['FIELD_REMOVED', 'INPUT_FIELD_REMOVED', 'ENUM_VALUE_REMOVED', 'FIELD_ARGUMENT_REMOVED']);

const line = (c: Change): ChangeLine => ({ type: String(c.type), path: c.path ?? '', message: c.message });

/** Reads and checks the list of deliberate breaking changes (a JSON object with a `changes` array). */
export function parseDeliberate(text: string): DeliberateChange[] {
  const parsed = JSON.parse(text) as { changes?: unknown };
  if (!parsed || !Array.isArray(parsed.changes)) throw new Error(`${BREAKING_CHANGES_FILE}: expected an object with a "changes" array`);
  return parsed.changes.map((c, i) => {
    const e = c as Partial<DeliberateChange>;
    if (typeof e?.type !== 'string' || typeof e.path !== 'string') throw new Error(`${BREAKING_CHANGES_FILE}: changes[${i}] needs "type" and "path"`);
    return { type: e.type, path: e.path, reason: typeof e.reason === 'string' ? e.reason : '' };
  });
}

export async function checkSchemaEvolution(
  releasedSdl: string,
  emittedSdl: string,
  deliberate: DeliberateChange[],
  today: Date = new Date(),
): Promise<EvolutionReport> {
  const released = buildSchema(releasedSdl);
  const emitted = buildSchema(emittedSdl);
  const changes = await diff(released, emitted);
  const releasedDeprecations = deprecationsOf(released);
  const day = today.toISOString().slice(0, 10);

  const report: EvolutionReport = {
    unlisted: [], deliberate: [], removedAfterDeprecation: [], dangerous: [], badEntries: [], badDeprecations: [], ok: false,
  };
  const used = new Set<DeliberateChange>();
  for (const c of changes) {
    if (c.criticality.level === CriticalityLevel.Dangerous) report.dangerous.push(line(c));
    if (c.criticality.level !== CriticalityLevel.Breaking) continue;
    const entry = deliberate.find((e) => e.type === c.type && e.path === (c.path ?? ''));
    if (entry) {
      used.add(entry);
      report.deliberate.push({ ...line(c), reason: entry.reason });
      continue;
    }
    const due = REMOVALS.has(String(c.type)) && c.path ? removalDateOf(releasedDeprecations.get(c.path)) : null;
    if (due && due <= day) report.removedAfterDeprecation.push(line(c));
    else report.unlisted.push(line(c));
  }
  for (const entry of deliberate) {
    if (entry.reason.trim().length < 10) report.badEntries.push({ entry, problem: 'needs a reason (at least 10 characters)' });
    if (!used.has(entry)) report.badEntries.push({ entry, problem: 'matches no breaking change between the released and the emitted schema (remove it after a release)' });
  }
  for (const [p, reason] of deprecationsOf(emitted)) {
    if (!removalDateOf(reason)) report.badDeprecations.push({ path: p, reason });
  }
  report.ok = !report.unlisted.length && !report.badEntries.length && !report.badDeprecations.length;
  return report;
}

/** The check on the repository's files. */
export async function checkRepository(root: string, today = new Date()): Promise<EvolutionReport> {
  const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
  return checkSchemaEvolution(read(RELEASED_FILE), read(EMITTED_FILE), parseDeliberate(read(BREAKING_CHANGES_FILE)), today);
}

export function formatReport(r: EvolutionReport): string {
  const out: string[] = [];
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    out.push(`${title}:`, ...items.map((i) => `  - ${i}`));
  };
  list('Breaking changes not listed in schema/breaking-changes.json', r.unlisted.map((c) => `${c.type} ${c.path}: ${c.message}`));
  list('Wrong entries in schema/breaking-changes.json', r.badEntries.map((b) => `${b.entry.type} ${b.entry.path}: ${b.problem}`));
  list('Deprecations without a removal date ("removal on YYYY-MM-DD")', r.badDeprecations.map((d) => `${d.path}: "${d.reason}"`));
  list('Deliberate breaking changes', r.deliberate.map((c) => `${c.type} ${c.path}: ${c.reason}`));
  list('Deprecated and removed after the removal date', r.removedAfterDeprecation.map((c) => `${c.type} ${c.path}`));
  list('Dangerous changes (not refused)', r.dangerous.map((c) => `${c.type} ${c.path}: ${c.message}`));
  out.push(r.ok ? 'schema check: ok' : 'schema check: FAILED');
  return `${out.join('\n')}\n`;
}

if (require.main === module) {
  checkRepository(process.cwd()).then(
    (report) => {
      (report.ok ? process.stdout : process.stderr).write(formatReport(report));
      if (!report.ok) process.exit(1);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
