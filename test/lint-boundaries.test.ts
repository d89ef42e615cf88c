// The lint rule behind the module boundaries, run by the real eslint with the project's config on
// fixture files (test/fixtures/boundaries), each linted as if it lived where its first line says.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const dir = path.join(__dirname, 'fixtures/boundaries');

function lintFixtures(): Record<string, string[]> {
  const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.ts.fixture'));
  const cases = fixtures.map((f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const as = /^\/\/ as: (\S+)/.exec(text)![1];
    return { name: f.replace(/\.ts\.fixture$/, ''), text, filePath: path.join(root, as) };
  });
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(root)} });
      const out = {};
      for (const c of ${JSON.stringify(cases)}) {
        const [result] = await eslint.lintText(c.text, { filePath: c.filePath });
        out[c.name] = result.messages.map((m) => (m.ruleId ?? 'fatal') + ': ' + m.message);
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(2); });`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

it('fails an import of internals, of a higher module, of a module by the platform, and of the registry by a module', () => {
  const results = lintFixtures();
  expect(results['offboarding-reads-customers-internals']).toEqual([expect.stringMatching(/^keel\/module-boundaries: .*internal file of module customers/)]);
  expect(results['customers-imports-offboarding']).toEqual([expect.stringMatching(/^keel\/module-boundaries: Module customers imports module offboarding, which is higher/)]);
  expect(results['platform-imports-a-module']).toEqual([expect.stringMatching(/^keel\/module-boundaries: The platform imports no module/)]);
  expect(results['module-imports-registry']).toEqual([expect.stringMatching(/^keel\/module-boundaries: A module does not import the registry/)]);
  expect(results['offboarding-uses-customers-public']).toEqual([]);
  expect(results['registry-and-platform']).toEqual([]);
});
