// The typed client code in schema/generated is committed; it is regenerated from the committed schema
// and schema/operations (tools/codegen-check.ts, in its own process), and CI fails when what is committed
// differs: run npm run codegen. The emitted schema itself is held to the code by test/schema.test.ts, and
// the examples that use the generated documents are type-checked by npm run typecheck.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodegenCheck } from '../tools/codegen-check';

const root = path.resolve(__dirname, '..');

function check(documents?: string): { status: number | null; result: CodegenCheck; stderr: string } {
  const run = spawnSync(process.execPath, ['-r', './tools/register.cjs', 'tools/codegen-check.ts', ...(documents ? ['--documents', documents] : [])], {
    cwd: root,
    encoding: 'utf8',
    timeout: 50_000,
  });
  if (!run.stdout.trim()) throw new Error(`codegen check printed nothing: ${run.stderr}`);
  return { status: run.status, result: JSON.parse(run.stdout) as CodegenCheck, stderr: run.stderr };
}

it('schema/generated is what npm run codegen makes of the committed schema and operations', () => {
  const { status, result, stderr } = check();
  expect(result).toEqual({ files: ['schema/generated/operations.ts', 'schema/generated/types.ts'], stale: [], extra: [] });
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  // Every operation of schema/operations has its typed document.
  const code = fs.readFileSync(path.join(root, 'schema/generated/operations.ts'), 'utf8');
  const dir = path.join(root, 'schema/operations');
  const names = fs
    .readdirSync(dir)
    .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^(query|mutation|subscription) (\w+)/gm)].map((m) => m[2]));
  expect(names.length).toBeGreaterThan(50);
  for (const name of names) expect({ name, typed: code.includes(`export const ${name}Document =`) }).toEqual({ name, typed: true });
});

it('an operation changed without regenerating is caught', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-ops-'));
  try {
    for (const f of fs.readdirSync(path.join(root, 'schema/operations'))) fs.copyFileSync(path.join(root, 'schema/operations', f), path.join(dir, f));
    const file = path.join(dir, 'customers.graphql');
    const before = fs.readFileSync(file, 'utf8');
    const after = before.replace('query Viewer {\n  viewer {\n', 'query Viewer {\n  viewer {\n    id: subject\n');
    expect(after).not.toBe(before);
    fs.writeFileSync(file, after);
    const { status, result, stderr } = check(path.join(dir, '*.graphql'));
    expect(result.stale).toEqual(['schema/generated/operations.ts']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/run npm run codegen/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
