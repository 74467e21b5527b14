import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Logger } from '../log.js';

export interface Session {
  id: string;
  /**
   * The SHA-256 of the bearer token that opened it ('local' without a tokens file): a request with any
   * other token is answered as if the session did not exist. Names can repeat or be edited; tokens not.
   */
  owner: string;
  /** The member's name, for the logs. */
  member: string;
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  lastSeen: number;
  /** POSTs being answered; a session is never expired while one is. */
  inFlight: number;
}

/**
 * The open sessions of one process: a cap on how many (MCP_MAX_SESSIONS, counting those being
 * initialized) and expiry of those idle longer than MCP_SESSION_IDLE_S.
 */
export class Sessions {
  private readonly byId = new Map<string, Session>();
  private reserved = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly max: number, private readonly idleMs: number, private readonly logger: Logger, private readonly now: () => number = Date.now) {
    this.timer = setInterval(() => this.sweep(), Math.min(Math.max(idleMs / 4, 250), 30_000));
    this.timer.unref();
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Session | undefined {
    return this.byId.get(id);
  }

  /** Holds a place for a session being initialized; false when the cap is reached. */
  reserve(): boolean {
    if (this.byId.size + this.reserved >= this.max) return false;
    this.reserved++;
    return true;
  }

  release(): void {
    this.reserved = Math.max(0, this.reserved - 1);
  }

  add(session: Session): void {
    this.byId.set(session.id, session);
  }

  remove(id: string | undefined): void {
    if (id !== undefined) this.byId.delete(id);
  }

  /** Marks a request on the session; the returned function marks its end. */
  begin(session: Session): () => void {
    session.inFlight++;
    session.lastSeen = this.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      session.inFlight--;
      session.lastSeen = this.now();
    };
  }

  sweep(): void {
    const cutoff = this.now() - this.idleMs;
    for (const s of [...this.byId.values()]) {
      if (s.inFlight === 0 && s.lastSeen < cutoff) {
        this.logger.info({ session: s.id.slice(0, 8), member: s.member }, 'session closed after idling');
        void this.close(s);
      }
    }
  }

  async close(s: Session): Promise<void> {
    this.byId.delete(s.id);
    await s.server.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.byId.values()].map((s) => this.close(s)));
  }
}
