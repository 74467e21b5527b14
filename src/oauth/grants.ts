import type { TokenSource } from '../api/management/client.js';
import type { Region } from '../api/regions.js';
import type { Logger } from '../log.js';
import type { Secrets } from '../secrets.js';
import { randomToken, type Sealer } from './crypto.js';
import type { OAuthStore } from './store.js';
import { UpstreamOAuthError, type ContentstackOAuth, type UpstreamTokens } from './upstream.js';

/** One user's sign-in with Contentstack, as stored: everything but the tokens in the clear, the tokens sealed. */
interface GrantRecord {
  region: Region;
  scopes: string[];
  organizationUid?: string;
  userUid?: string;
  /** When the Contentstack access token expires (epoch ms). */
  expiresAt: number;
  /** AES-256-GCM of {accessToken, refreshToken}, bound to this grant's id. */
  sealed: string;
}

/** What a session may know about a grant: no token. */
export interface GrantView {
  id: string;
  region: Region;
  scopes: string[];
  organizationUid?: string;
  userUid?: string;
}

/** The user's Contentstack sign-in is gone (revoked, expired, refused on refresh): they must connect again. */
export class SignInError extends Error {
  override name = 'SignInError';
}

const SIGNED_OUT =
  'Your Contentstack sign-in for this connector has ended (revoked, expired, or refused when it was refreshed): reconnect the server in your MCP client to sign in again. Nothing was sent to Personalize.';

/**
 * The users' Contentstack tokens (docs/hosted-http.md "Remote connector (OAuth)"): stored sealed, refreshed
 * `refreshMarginMs` before they expire (and once after a 401), one refresh at a time per grant in this process.
 * A replica that loses a refresh race reads the winner's tokens instead of failing.
 */
export class Grants {
  private readonly refreshing = new Map<string, Promise<string>>();
  private readonly ended = new Set<(id: string) => void>();

  constructor(
    private readonly o: {
      store: OAuthStore;
      sealer: Sealer;
      upstream: ContentstackOAuth;
      secrets: Secrets;
      logger: Logger;
      refreshMarginMs: number;
      /** How long a grant lives: as long as our refresh tokens. */
      grantTtlMs: number;
      now?: () => number;
    },
  ) {}

  private get now() {
    return this.o.now?.() ?? Date.now();
  }

  async create(tokens: UpstreamTokens, ttlMs: number): Promise<GrantView> {
    const id = randomToken();
    await this.save(id, tokens, ttlMs, true);
    return { id, region: tokens.region, scopes: tokens.scopes, organizationUid: tokens.organizationUid, userUid: tokens.userUid };
  }

  async view(id: string): Promise<GrantView | undefined> {
    const r = await this.record(id);
    return r && { id, region: r.region, scopes: r.scopes, organizationUid: r.organizationUid, userUid: r.userUid };
  }

  /** Keeps the grant as long as the refresh token just issued for it. */
  async extend(id: string, ttlMs: number): Promise<void> {
    await this.o.store.touch(`grant:${id}`, ttlMs);
  }

  async delete(id: string): Promise<void> {
    await this.o.store.delete(`grant:${id}`);
    for (const listener of this.ended) listener(id);
  }

  /** Called with a grant's id when this process ends it (revocation, reuse, Contentstack's refusal). */
  onEnded(listener: (id: string) => void): void {
    this.ended.add(listener);
  }

  /** The session's view of the user's token: the current one on every request, a refreshed one when due. */
  source(id: string, key: string): TokenSource {
    return { id: key, token: () => this.accessToken(id), renew: (rejected) => this.accessToken(id, rejected) };
  }

  private async accessToken(id: string, rejected?: string): Promise<string> {
    const record = await this.record(id);
    if (!record) throw new SignInError(SIGNED_OUT);
    const tokens = this.open(id, record);
    const due = record.expiresAt - this.now <= this.o.refreshMarginMs;
    if (!due && tokens.accessToken !== rejected) return tokens.accessToken;
    let running = this.refreshing.get(id);
    if (!running) {
      running = this.refresh(id, record, tokens.refreshToken).finally(() => this.refreshing.delete(id));
      this.refreshing.set(id, running);
    }
    return running;
  }

  private async refresh(id: string, record: GrantRecord, refreshToken: string): Promise<string> {
    // A refreshed grant lives as long as a refresh token of ours (extend() renews it at each of our refreshes).
    const ttl = this.o.grantTtlMs;
    let fresh: UpstreamTokens;
    try {
      fresh = await this.o.upstream.refresh({ region: record.region, refreshToken });
    } catch (err) {
      // Another replica may have refreshed first (Contentstack's refresh tokens may be single-use).
      const now = await this.record(id);
      if (now && now.sealed !== record.sealed) return this.open(id, now).accessToken;
      const code = err instanceof UpstreamOAuthError ? err.code : 'network';
      if (code !== 'invalid_grant') {
        this.o.logger.warn({ grant: id.slice(0, 8), code }, 'Contentstack token could not be refreshed; will try again on the next call');
        throw new SignInError(`Contentstack could not refresh your sign-in just now (${code}): try again in a moment. Nothing was sent to Personalize.`);
      }
      this.o.logger.warn({ grant: id.slice(0, 8), code }, 'Contentstack refused to refresh a token; the user must sign in again');
      await this.delete(id);
      throw new SignInError(SIGNED_OUT);
    }
    const tokens = {
      ...fresh,
      refreshToken: fresh.refreshToken || refreshToken,
      organizationUid: fresh.organizationUid ?? record.organizationUid,
      userUid: fresh.userUid ?? record.userUid,
    };
    await this.save(id, tokens, ttl, false);
    this.o.logger.info({ grant: id.slice(0, 8) }, 'Contentstack token refreshed');
    return fresh.accessToken;
  }

  /** A refresh only replaces a grant that still exists: one revoked while its refresh was in flight is not brought back. */
  private async save(id: string, t: UpstreamTokens, ttlMs: number, create: boolean): Promise<void> {
    this.o.secrets.add(t.accessToken, t.refreshToken);
    const record: GrantRecord = {
      region: t.region,
      scopes: t.scopes,
      organizationUid: t.organizationUid,
      userUid: t.userUid,
      expiresAt: t.expiresAt,
      sealed: this.o.sealer.seal(JSON.stringify({ a: t.accessToken, r: t.refreshToken }), `grant:${id}`),
    };
    if (create) await this.o.store.set(`grant:${id}`, JSON.stringify(record), ttlMs);
    else if (!(await this.o.store.replace(`grant:${id}`, JSON.stringify(record), ttlMs))) throw new SignInError(SIGNED_OUT);
  }

  private async record(id: string): Promise<GrantRecord | undefined> {
    const text = await this.o.store.get(`grant:${id}`);
    return text ? (JSON.parse(text) as GrantRecord) : undefined;
  }

  private open(id: string, record: GrantRecord): { accessToken: string; refreshToken: string } {
    const plain = this.o.sealer.open(record.sealed, `grant:${id}`);
    // A key changed under stored grants (MCP_AUTH_ENCRYPTION_KEY rotated): those users sign in again.
    if (!plain) throw new SignInError(SIGNED_OUT);
    const { a, r } = JSON.parse(plain) as { a: string; r: string };
    this.o.secrets.add(a, r);
    return { accessToken: a, refreshToken: r };
  }
}
