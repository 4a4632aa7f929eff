// Servers the scripts and tests start: on the loopback interface only, on a port the system picks.
import type { Server } from 'node:net';

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
