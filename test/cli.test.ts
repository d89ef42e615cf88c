// The README's command-line helpers run as a new user runs them: `npm run token` mints a staff JWT
// that the server accepts, for combined roles too.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from './support/app';
import { createStaff } from './support/factories';
import { TEST_JWT_SECRET } from './support/env';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await createStaff(t.sql, 'rm-07');
});
afterAll(async () => {
  await t?.close();
});

async function token(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['-r', './tools/register.cjs', 'src/auth/token.cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', JWT_SECRET: TEST_JWT_SECRET },
  });
  return stdout.trim();
}

it('npm run token mints a token the server accepts, with the roles and subject asked for', async () => {
  const jwt = await token('--role', 'RELATIONSHIP_MANAGER,SUPPORT_AGENT', '--sub', 'rm-07');
  const res = await t.gql('{ viewer { kind roles subject } }', { token: jwt });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.viewer).toMatchObject({ roles: ['RELATIONSHIP_MANAGER', 'SUPPORT_AGENT'], subject: 'rm-07' });
});

it('an unknown role is refused with a message and exit code 2', async () => {
  await expect(token('--role', 'ROOT')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('unknown role "ROOT"') });
});
