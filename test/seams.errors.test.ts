// The write seam: services, their deps, rules and jobs know nothing of GraphQL (resolvers decode ids and
// map results), and every module's error codes reach callers through one exhaustive table.
import fs from 'node:fs';
import path from 'node:path';
import { CommonErrorCode, DomainError, domainErrors, type Outcome } from '../src/domain/errors';
import { graphqlErrorOf } from '../src/graphql/domain-errors';
import { apiClientErrors, ApiClientErrorCode } from '../src/modules/access/api-client.errors';
import { customerErrors, CustomerErrorCode } from '../src/modules/customers/customer.errors';
import { ingestErrors, IngestErrorCode } from '../src/modules/customers/ingest.errors';
import { offboardingErrors, OffboardingErrorCode } from '../src/modules/offboarding/offboarding.errors';

const src = path.resolve(__dirname, '../src');
const SEAM_FILE = /\.(service|deps|rules|job)\.ts$/;

/** Module-relative and absolute specifiers of every import, export-from, require() and import(). */
function importsOf(code: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) found.push(m[1]);
  return found;
}

function seamFiles(): string[] {
  const modules = path.join(src, 'modules');
  return fs
    .readdirSync(modules, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(modules, d.name)).filter((f) => SEAM_FILE.test(f)).map((f) => path.join(modules, d.name, f)));
}

const intoGraphql = (file: string, spec: string) => {
  if (!spec.startsWith('.')) return false;
  const target = path.relative(src, path.resolve(path.dirname(file), spec));
  return target === 'graphql' || target.startsWith(`graphql${path.sep}`);
};

describe('services import nothing from src/graphql', () => {
  it('finds the seam files of every module with services', () => {
    const names = seamFiles().map((f) => path.relative(src, f));
    expect(names).toEqual(expect.arrayContaining([
      path.join('modules', 'customers', 'customer.service.ts'),
      path.join('modules', 'customers', 'ingest.service.ts'),
      path.join('modules', 'offboarding', 'offboarding.deps.ts'),
      path.join('modules', 'offboarding', 'offboarding.rules.ts'),
      path.join('modules', 'offboarding', 'retention.job.ts'),
      path.join('modules', 'access', 'api-client.service.ts'),
    ]));
  });

  it('the check sees every way of importing', () => {
    const file = path.join(src, 'modules', 'x', 'x.service.ts');
    const code = `import { a } from '../../graphql/errors';\nexport { b } from "../../graphql/relay";\nconst c = require('../../graphql');\nimport '../../graphql/validate';\nconst d = import('../../graphql/payload');\nimport { e } from '../../domain/errors';`;
    expect(importsOf(code).filter((s) => intoGraphql(file, s))).toHaveLength(5);
  });

  it.each(seamFiles().map((f) => [path.relative(src, f), f]))('%s', (_name, file) => {
    const offending = importsOf(fs.readFileSync(file, 'utf8')).filter((s) => intoGraphql(file, s));
    expect(offending).toEqual([]);
  });
});

describe('error codes and their outcomes', () => {
  // The tables are typed Record<code, outcome>, so a code without an outcome already fails type-checking;
  // this mirrors it at run time and pins the code strings clients rely on.
  const tables: [string, Record<string, string>, Record<string, Outcome>][] = [
    ['customers', CustomerErrorCode, customerErrors.outcomes],
    ['ingestion', IngestErrorCode, ingestErrors.outcomes],
    ['offboarding', OffboardingErrorCode, offboardingErrors.outcomes],
    ['access', ApiClientErrorCode, apiClientErrors.outcomes],
  ];

  it.each(tables)('%s: every code has an outcome and is its own name', (_module, codes, outcomes) => {
    for (const [name, code] of Object.entries(codes)) {
      expect(code).toBe(name);
      expect(['USER_ERROR', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']).toContain(outcomes[code]);
    }
  });

  it('a code without an outcome does not type-check', () => {
    // @ts-expect-error B has no outcome
    const partial = domainErrors<'A' | 'B'>({ A: 'USER_ERROR' });
    expect(partial.outcomes.A).toBe('USER_ERROR');
  });

  it('refusals keep their GraphQL codes; userError outcomes are BAD_USER_INPUT outside a payload', () => {
    const codeOf = (fn: () => never) => {
      try {
        fn();
      } catch (err) {
        return graphqlErrorOf(err as DomainError).extensions.code;
      }
    };
    const { fail } = offboardingErrors;
    expect(codeOf(() => fail(CommonErrorCode.NOT_FOUND, 'x'))).toBe('NOT_FOUND');
    expect(codeOf(() => fail(CommonErrorCode.FORBIDDEN, 'x'))).toBe('FORBIDDEN');
    expect(codeOf(() => fail(CommonErrorCode.CONFLICT, 'x'))).toBe('CONFLICT');
    expect(codeOf(() => fail(OffboardingErrorCode.LEGAL_HOLD, 'x'))).toBe('BAD_USER_INPUT');
  });
});
