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
  /** Its sign-in was revoked while it answered: closed once its last answer is sent (closeOwnedBy). */
  ended?: boolean;
}

/** A place held for a session being initialized; release it once the session is added, or given up. */
export interface Reservation {
  release(): void;
}

export interface SessionLimits {
  /** MCP_MAX_SESSIONS: all sessions of the process, counting those being initialized. */
  max: number;
  /**
   * With team members (a tokens file): MCP_MAX_SESSIONS_PER_MEMBER, and at `max` a member's new session
   * takes the place of their own session idle the longest. Absent: one user, a plain cap.
   */
  perMember?: number;
  idleMs: number;
}

/**
 * The open sessions of one process: the caps on how many (MCP_MAX_SESSIONS, MCP_MAX_SESSIONS_PER_MEMBER)
 * and expiry of those idle longer than MCP_SESSION_IDLE_S.
 */
export class Sessions {
  private readonly byId = new Map<string, Session>();
  /** Places held for sessions being initialized, by owner. */
  private readonly reserved = new Map<string, number>();
  private reservedTotal = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly limits: SessionLimits,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.sweep(), Math.min(Math.max(limits.idleMs / 4, 250), 30_000));
    this.timer.unref();
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Session | undefined {
    return this.byId.get(id);
  }

  /**
   * Holds a place for a session `owner` is initializing: 'member cap' when they hold their share
   * already, 'full' when the process does and (with members) they have no idle session to give up.
   */
  reserve(owner: string): Reservation | 'member cap' | 'full' {
    const { max, perMember } = this.limits;
    if (perMember !== undefined && this.held(owner) >= perMember) return 'member cap';
    if (this.byId.size + this.reservedTotal >= max) {
      const idle = perMember === undefined ? undefined : this.longestIdle(owner);
      if (!idle) return 'full';
      this.logger.info({ session: idle.id.slice(0, 8), member: idle.member }, 'session closed to make room for a new one of the same member (MCP_MAX_SESSIONS reached)');
      void this.close(idle);
    }
    this.reserved.set(owner, (this.reserved.get(owner) ?? 0) + 1);
    this.reservedTotal++;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.reservedTotal--;
        const left = this.reserved.get(owner)! - 1;
        if (left > 0) this.reserved.set(owner, left);
        else this.reserved.delete(owner);
      },
    };
  }

  /** Sessions the owner holds, counting those being initialized. */
  private held(owner: string): number {
    let n = this.reserved.get(owner) ?? 0;
    for (const s of this.byId.values()) if (s.owner === owner) n++;
    return n;
  }

  /** The owner's session with no request in flight that was used least recently. */
  private longestIdle(owner: string): Session | undefined {
    let found: Session | undefined;
    for (const s of this.byId.values()) {
      if (s.owner === owner && s.inFlight === 0 && (!found || s.lastSeen < found.lastSeen)) found = s;
    }
    return found;
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
      if (session.ended && session.inFlight === 0) void this.close(session);
    };
  }

  sweep(): void {
    const cutoff = this.now() - this.limits.idleMs;
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

  /**
   * Closes every session `owner` holds, open streams included (a revoked sign-in). One answering a call is
   * closed once that answer is sent, so the call's own message (sign in again) still reaches the client.
   */
  async closeOwnedBy(owner: string, why: string): Promise<void> {
    const owned = [...this.byId.values()].filter((s) => s.owner === owner);
    for (const s of owned) this.logger.info({ session: s.id.slice(0, 8), member: s.member }, why);
    for (const s of owned) s.ended = true;
    await Promise.all(owned.filter((s) => s.inFlight === 0).map((s) => this.close(s)));
  }

  async closeAll(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.byId.values()].map((s) => this.close(s)));
  }
}
