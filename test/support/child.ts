// Starts Keel's real entry point (src/main.ts) as a child process, for start-up and shutdown tests.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { ProvisionedDatabase } from '../../src/db/roles';
import { TEST_JWT_SECRET } from './env';

const ROOT = path.resolve(__dirname, '../..');

export interface KeelProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Environment for a Keel process on an existing database (no embedded server, no seed, no jobs). */
export function keelEnv(db: ProvisionedDatabase, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: db.runtimeUrl,
    DATABASE_OWNER_URL: db.ownerUrl,
    SEED: 'never',
    JWT_SECRET: TEST_JWT_SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    JOBS_TICK_SECONDS: '0',
    ...extra,
  };
}

export function startKeel(env: Record<string, string>): KeelProcess {
  let out = '';
  const child = spawn(process.execPath, ['-r', './tools/register.cjs', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitForReady(port: number, proc: KeelProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Keel exited before it was ready:\n${proc.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Keel was not ready after ${timeoutMs} ms:\n${proc.output()}`);
}
