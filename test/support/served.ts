// A Keel served over a real HTTP server with WebSocket subscriptions, its events relayed from the outbox
// to an in-memory bus: for tests that connect as a browser or a graphql-ws client would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type KeelApp } from '../../src/app';
import { memoryBus } from '../../src/events/bus';
import { startEventRelay } from '../../src/events/relay';
import { createLogger } from '../../src/logger';
import type { TestApp } from './app';

export interface ServedKeel {
  keel: KeelApp;
  server: Server;
  subscriptions: ReturnType<KeelApp['serveSubscriptions']>;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Closes subscriptions, the server, the app and the relay, in that order. */
  close(): Promise<void>;
}

export async function serveWithEvents(t: TestApp): Promise<ServedKeel> {
  const bus = memoryBus();
  const relay = await startEventRelay({ url: t.db.runtimeUrl, orm: t.orm, clock: t.clock, log: createLogger('silent'), publish: (e) => bus.publish(e), sweepSeconds: 1 });
  const keel = await createApp(t.config, { orm: t.orm, clock: t.clock, logger: createLogger('silent'), events: bus });
  const server = createServer(keel.app);
  const subscriptions = keel.serveSubscriptions(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    keel,
    server,
    subscriptions,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await subscriptions.close();
      await new Promise((r) => server.close(r));
      await keel.stop();
      await relay.stop();
    },
  };
}
