// A loopback TCP proxy between Keel and PostgreSQL that a test can cut, to play a database outage
// without stopping the shared server. It can also let a transaction commit and then break what follows:
// the connections open at that moment fail on their next use (as a pooled connection kept from before a
// database restart does), and new ones may be refused.
import net from 'node:net';
import { createTestApp, createTestDatabase, type TestApp } from './app';

/** PostgreSQL's CommandComplete for a commit: tag "C", a length, then "COMMIT" and a NUL. */
const COMMIT_COMPLETE = Buffer.from('COMMIT\0');

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  poisoned: boolean;
}

export class CuttableProxy {
  private server: net.Server | null = null;
  private readonly pairs = new Set<Pair>();
  private afterCommit: { refuseNew: boolean; done: () => void } | null = null;
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      const pair: Pair = { client, upstream, poisoned: false };
      this.pairs.add(pair);
      for (const s of [client, upstream]) {
        s.on('close', () => {
          this.pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        });
        s.on('error', () => s.destroy());
      }
      client.on('data', (chunk: Buffer) => {
        // A poisoned connection breaks when it is next used: nothing of the request reaches the server.
        if (pair.poisoned) return void (client.destroy(), upstream.destroy());
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        const armed = this.afterCommit;
        if (armed && chunk.includes(COMMIT_COMPLETE)) {
          this.afterCommit = null;
          // The commit's answer reaches Keel first: the write stands, and Keel knows it.
          client.write(chunk, () => {
            this.breakAll(armed.refuseNew);
            armed.done();
          });
          return;
        }
        client.write(chunk);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    if (this.server?.listening) await this.cut();
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
  }

  /** Connections open now. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Drops every connection and refuses new ones until open() is called again. */
  async cut(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise((resolve) => this.server!.close(resolve));
  }

  /**
   * After the next commit is answered, every open connection fails on its next use; with `refuseNew`, new
   * connections are refused too (until open()). Resolves once that has happened.
   */
  breakAfterNextCommit({ refuseNew }: { refuseNew: boolean }): Promise<void> {
    return new Promise((done) => (this.afterCommit = { refuseNew, done }));
  }

  private breakAll(refuseNew: boolean): void {
    for (const pair of this.pairs) pair.poisoned = true;
    // Stops listening at once; the poisoned connections close as they are used.
    if (refuseNew) this.server!.close();
  }
}

/** A test app of its own database, reached through a proxy the test can cut. */
export async function appBehindProxy(): Promise<{ t: TestApp; proxy: CuttableProxy }> {
  const db = await createTestDatabase();
  const real = new URL(db.runtimeUrl);
  const proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port) });
  await proxy.open();
  const viaProxy = new URL(db.runtimeUrl);
  viaProxy.port = String(proxy.port);
  const t = await createTestApp({ database: { ...db, runtimeUrl: viaProxy.toString() }, ownsDatabase: true });
  return { t, proxy };
}
