import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Remembers redeemed tokens until they expire, so each works once (Redis-backed for replicas). */
export interface UsedTokenStore {
  /** Records the token id; false when it was already used. */
  markUsed(id: string, expiresAtMs: number): Promise<boolean>;
}

export class MemoryUsedTokens implements UsedTokenStore {
  private readonly used = new Map<string, number>();
  /** `now` must be the clock the tokens' expiry comes from, or entries are pruned while still redeemable. */
  constructor(private readonly now: () => number = Date.now) {}
  async markUsed(id: string, expiresAtMs: number): Promise<boolean> {
    const now = this.now();
    for (const [k, exp] of this.used) if (exp < now) this.used.delete(k);
    if (this.used.has(id)) return false;
    this.used.set(id, expiresAtMs);
    return true;
  }
}

/** JSON with sorted keys and no undefined values, so equal arguments always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type Redeemed = { ok: true } | { ok: false; reason: string };

export const TOKEN_TTL_MS = 5 * 60_000;

/**
 * Confirmation tokens: `<expiry>.<nonce>.<hmac>` where the HMAC covers the tool, the canonical
 * arguments, the project, the expiry and the nonce. Stateless to check; the used-set makes them single-use.
 */
export class ConfirmationTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly used: UsedTokenStore,
    private readonly ttlMs = TOKEN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(tool: string, args: Record<string, unknown>, project: string | undefined): string {
    const exp = this.now() + this.ttlMs;
    const nonce = randomBytes(9).toString('base64url');
    return `${exp}.${nonce}.${this.mac(tool, args, project, exp, nonce)}`;
  }

  async redeem(token: string, tool: string, args: Record<string, unknown>, project: string | undefined): Promise<Redeemed> {
    const [expText, nonce, mac] = token.split('.');
    const exp = Number(expText);
    if (!nonce || !mac || !Number.isFinite(exp)) return { ok: false, reason: 'The confirmation token is not one this server issued.' };
    const expected = Buffer.from(this.mac(tool, args, project, exp, nonce));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: `The confirmation token does not match this ${tool} call: it was issued for other arguments, another project or another tool. Call again without confirmationToken to get a new one.` };
    }
    if (exp < this.now()) return { ok: false, reason: 'The confirmation token has expired (tokens last 5 minutes). Call again without confirmationToken to get a new one.' };
    if (!(await this.used.markUsed(`${nonce}.${mac}`, exp))) {
      return { ok: false, reason: 'The confirmation token was already used; each token works once. Call again without confirmationToken to get a new one.' };
    }
    return { ok: true };
  }

  private mac(tool: string, args: Record<string, unknown>, project: string | undefined, exp: number, nonce: string): string {
    const { confirmationToken: _ignored, ...rest } = args;
    return createHmac('sha256', this.secret)
      .update([tool, canonicalJson(rest), project ?? '', String(exp), nonce].join('\n'))
      .digest('base64url');
  }
}
