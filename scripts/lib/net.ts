// Servers the scripts and tests start: on the loopback interface only, on a port the system picks.
import { createServer, type Server } from 'node:net';

/** Listens on 127.0.0.1 at a free port and resolves with that port; rejects if it cannot listen. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('the server has no port'));
    });
  });
}

/**
 * `count` distinct free ports on 127.0.0.1. The listeners are held open together until every port is
 * known, so the system cannot hand the same port out twice; a port may still be taken by another process
 * between its release here and its use by the caller.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    const ports: number[] = [];
    for (const server of servers) ports.push(await listenOnLoopback(server));
    return ports;
  } finally {
    await Promise.all(
      servers.map(
        (server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
      ),
    );
  }
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}
