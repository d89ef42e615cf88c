// Starts Keel's real entry point (src/main.ts) as a child process, for start-up and shutdown tests.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitUntil } from './wait';
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

/** Resolves when the process has written a line matching `pattern` (an event, not a poll). */
export function waitForOutput(proc: KeelProcess, pattern: RegExp, timeoutMs = 60000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pattern.test(proc.output())) return;
      done();
      resolve();
    };
    const timer = setTimeout(() => (done(), reject(new Error(`no output matching ${pattern} after ${timeoutMs} ms:\n${proc.output()}`))), timeoutMs);
    const exited = () => (done(), reject(new Error(`Keel exited before writing ${pattern}:\n${proc.output()}`)));
    const done = () => {
      clearTimeout(timer);
      proc.child.stdout!.off('data', check);
      proc.child.stderr!.off('data', check);
      proc.child.off('exit', exited);
    };
    proc.child.stdout!.on('data', check);
    proc.child.stderr!.on('data', check);
    proc.child.once('exit', exited);
    check();
  });
}

export async function waitForReady(port: number, proc: KeelProcess, timeoutMs = 60000): Promise<void> {
  await waitForOutput(proc, /Keel is ready/, timeoutMs);
  const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
  if (res.status !== 200) throw new Error(`Keel said it was ready but /health/ready answered ${res.status}:\n${proc.output()}`);
}

/** The pid of the PostgreSQL server that holds the data directory `pgData`, if one does. */
export function postmasterPid(pgData: string): number | null {
  const file = path.join(pgData, 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : null;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
