import type { Socket } from 'node:net';
import type { Logger } from '../log.js';

/**
 * The node HTTP server's clocks (applied in src/transport/http.ts), so a connection that sends no
 * token holds nothing for long: complete headers within 10 s of connecting (or of starting the next
 * request), the whole request (body included) within 30 s, else a 408 and the socket closed; 5 s idle
 * between requests; checked every second (node checks every 30 s by default, which would let a
 * silent socket live 40 s). A response may take as long as it
 * needs: a tool call's SSE answer and the GET stream are not bounded here.
 */
export const HTTP_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, checkEveryMs: 1_000 } as const;

/**
 * Open connections allowed: a session holds its GET stream and a POST or two at a time, so four per
 * MCP_MAX_SESSIONS session, plus room for health checks and reconnecting clients (4,064 by default).
 */
export const connectionCap = (maxSessions: number) => 4 * maxSessions + 64;

/**
 * The open connections of the HTTP server, at most `cap`. A connection is trusted once it carried a
 * request with a valid token (or, without a tokens file, one the Host check let through). At the
 * cap, a new connection closes the oldest connection not yet trusted; only when every open one is
 * trusted is the new one closed instead. So sockets that never send a token cannot crowd out a
 * member: theirs are the ones that go.
 */
export class Connections {
  private readonly trusted = new Set<Socket>();
  /** Insertion-ordered: the first is the oldest. */
  private readonly untrusted = new Set<Socket>();
  private warnedAt = 0;

  constructor(
    private readonly cap: number,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.trusted.size + this.untrusted.size;
  }

  admit(socket: Socket): void {
    if (this.size >= this.cap) {
      const oldest = this.untrusted.values().next().value;
      this.warnOnce(oldest ? 'closing the oldest connection that sent no valid token' : "every connection is a member's; refusing a new one");
      if (!oldest) return void socket.destroy();
      this.untrusted.delete(oldest);
      oldest.destroy();
    }
    this.untrusted.add(socket);
    socket.once('close', () => {
      this.untrusted.delete(socket);
      this.trusted.delete(socket);
    });
  }

  trust(socket: Socket): void {
    if (this.untrusted.delete(socket)) this.trusted.add(socket);
  }

  /** One line a minute at most: under a flood, one per connection would be a flood of its own. */
  private warnOnce(action: string): void {
    const now = Date.now();
    if (now - this.warnedAt < 60_000) return;
    this.warnedAt = now;
    this.logger.warn({ cap: this.cap, trusted: this.trusted.size }, `open connection cap reached: ${action}`);
  }
}
