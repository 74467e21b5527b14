import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  url: string;
  /** Drops open connections (kept-alive clients included) and stops listening. */
  close(): Promise<void>;
}

/** Starts one of the sandbox's loopback listeners (Management, Edge, OAuth); port 0 picks a free one. */
export async function listen(server: Server, host: string, port = 0): Promise<Listening> {
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
