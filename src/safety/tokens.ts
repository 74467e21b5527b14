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

type Piece = { text: string } | { value: unknown };

/**
 * JSON with sorted keys and no undefined values, so equal arguments always give equal text. Iterative:
 * it serves the audit line and the confirmation MAC, which must not fail however deep the input is.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const work: Piece[] = [{ value }];
  const pushAll = (pieces: Piece[]) => {
    for (let i = pieces.length - 1; i >= 0; i--) work.push(pieces[i]!);
  };
  while (work.length) {
    const w = work.pop()!;
    if ('text' in w) {
      out.push(w.text);
      continue;
    }
    const v = w.value;
    if (Array.isArray(v)) {
      pushAll([{ text: '[' }, ...v.flatMap((x, i): Piece[] => (i ? [{ text: ',' }, { value: x }] : [{ value: x }])), { text: ']' }]);
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      pushAll([{ text: '{' }, ...entries.flatMap(([k, x], i): Piece[] => [{ text: `${i ? ',' : ''}${JSON.stringify(k)}:` }, { value: x }]), { text: '}' }]);
    } else {
      out.push(JSON.stringify(v) ?? 'null');
    }
  }
  return out.join('');
}

export type Redeemed = { ok: true } | { ok: false; reason: string };

export const TOKEN_TTL_MS = 5 * 60_000;

/** Exactly three parts: expiry in ms, a 12-character nonce and a 43-character HMAC (base64url). */
const TOKEN = /^(\d{1,15})\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/;

/**
 * Confirmation tokens: `<expiry>.<nonce>.<hmac>` where the HMAC covers the tool, the canonical
 * arguments, the project, the member it was issued to (hosted HTTP), the expiry and the nonce.
 * Stateless to check; the used-set makes them single-use.
 */
export class ConfirmationTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly used: UsedTokenStore,
    private readonly ttlMs = TOKEN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(tool: string, args: Record<string, unknown>, project: string | undefined, member?: string): string {
    const exp = this.now() + this.ttlMs;
    const nonce = randomBytes(9).toString('base64url');
    return `${exp}.${nonce}.${this.mac(tool, args, project, member, exp, nonce)}`;
  }

  async redeem(token: string, tool: string, args: Record<string, unknown>, project: string | undefined, member?: string): Promise<Redeemed> {
    const parts = TOKEN.exec(token);
    if (!parts) return { ok: false, reason: 'The confirmation token is not one this server issued.' };
    const [, expText, nonce, mac] = parts as unknown as [string, string, string, string];
    const exp = Number(expText);
    const expected = Buffer.from(this.mac(tool, args, project, member, exp, nonce));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return {
        ok: false,
        reason: `The confirmation token does not match this ${tool} call: it was issued for other arguments, another project, another tool or another team member. Call again without confirmationToken to get a new one.`,
      };
    }
    if (exp < this.now()) return { ok: false, reason: 'The confirmation token has expired (tokens last 5 minutes). Call again without confirmationToken to get a new one.' };
    if (!(await this.used.markUsed(`${nonce}.${mac}`, exp))) {
      return { ok: false, reason: 'The confirmation token was already used; each token works once. Call again without confirmationToken to get a new one.' };
    }
    return { ok: true };
  }

  private mac(tool: string, args: Record<string, unknown>, project: string | undefined, member: string | undefined, exp: number, nonce: string): string {
    const { confirmationToken: _ignored, ...rest } = args;
    return createHmac('sha256', this.secret)
      .update([tool, canonicalJson(rest), project ?? '', member ?? '', String(exp), nonce].join('\n'))
      .digest('base64url');
  }
}
