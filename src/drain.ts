// Graceful HTTP shutdown. Once drain() is called the listener closes; requests already in progress finish
// and their responses say `Connection: close`; a request that arrives later on a kept-alive connection is
// refused with a 503 SERVICE_UNAVAILABLE (nothing of it ran, so a client may retry it elsewhere); idle
// connections are closed; drain() resolves as soon as no connection is left.
import http from 'node:http';
import net from 'node:net';

interface Connection {
  inFlight: number;
  idleSince: number;
  /** socket.bytesRead when the connection last became idle: more means a request is on its way. */
  bytesAtIdle: number;
}

export interface DrainableServer {
  server: http.Server;
  drain(): Promise<void>;
  /** Ends every connection now, requests in flight included (the shutdown timeout). */
  closeAll(): void;
}

const REFUSAL = JSON.stringify({
  errors: [{ message: 'Keel is shutting down; send the request again', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
});

function refuse(req: http.IncomingMessage, res: http.ServerResponse): void {
  const answer = () => {
    res.writeHead(503, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(REFUSAL),
      'x-content-type-options': 'nosniff',
      'retry-after': '1',
      connection: 'close',
    });
    res.end(REFUSAL);
  };
  // Read the body before answering: closing a socket with unread data resets it, answer and all.
  req.once('end', answer);
  req.once('error', () => res.destroy());
  req.resume();
}

/**
 * `idleGraceMs`: how long a connection must have been idle before drain() closes it. A keep-alive client
 * sends its next request right after the last answer; closing its connection at that moment would reset
 * a request already on the wire, while within the grace it gets a clean 503 instead.
 */
export function drainableServer(handler: http.RequestListener, idleGraceMs = 1000): DrainableServer {
  const connections = new Map<net.Socket, Connection>();
  const inFlight = new Set<http.ServerResponse>();
  let drained: Promise<void> | null = null;

  const server = http.createServer((req, res) => {
    const conn = connections.get(req.socket);
    if (conn) conn.inFlight++;
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (!conn) return;
      conn.inFlight--;
      conn.idleSince = Date.now();
      conn.bytesAtIdle = req.socket.bytesRead;
    });
    if (drained) {
      refuse(req, res);
      return;
    }
    handler(req, res);
  });
  server.on('connection', (socket: net.Socket) => {
    connections.set(socket, { inFlight: 0, idleSince: Date.now(), bytesAtIdle: 0 });
    socket.once('close', () => connections.delete(socket));
  });

  const closeIdle = () => {
    const now = Date.now();
    for (const [socket, conn] of connections) {
      if (conn.inFlight === 0 && socket.bytesRead === conn.bytesAtIdle && now - conn.idleSince >= idleGraceMs) socket.destroy();
    }
  };

  return {
    server,
    drain() {
      if (drained) return drained;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      drained = new Promise<void>((resolve) => {
        // net.Server#close stops listening and calls back once every connection has closed. (http's
        // close() would also destroy idle connections at once, racing requests already on their way.)
        net.Server.prototype.close.call(server, () => resolve());
      });
      const sweep = setInterval(closeIdle, Math.max(10, Math.floor(idleGraceMs / 5)));
      void drained.then(() => clearInterval(sweep));
      closeIdle();
      return drained;
    },
    closeAll() {
      server.closeAllConnections();
      for (const socket of connections.keys()) socket.destroy();
    },
  };
}
