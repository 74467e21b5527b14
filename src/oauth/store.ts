/**
 * Where the authorization server keeps its records (clients, pending sign-ins, codes, tokens by hash, grants
 * with their sealed Contentstack tokens): in memory, or in Redis with REDIS_URL so every replica sees them.
 * Values are JSON text; every record expires.
 */
export interface OAuthStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Reads and deletes in one step: of two concurrent takes, one gets the value (single-use codes, rotation). */
  take(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
  /** Sets a record only if it still exists, in one step: a record deleted meanwhile (a revoked grant) stays deleted. */
  replace(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Gives an existing record a new lifetime, its value untouched (never writing back a value read earlier). */
  touch(key: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Kinds of record anyone can make without signing in (registrations, fetched metadata documents, consent requests,
 * sign-ins at Contentstack): capped lower, as a flood of them costs memory (a registration is up to 8 KB).
 */
const STRANGER_KINDS: Record<string, number> = { client: 10_000, 'client-document': 10_000, consent: 10_000, pending: 10_000 };

/**
 * One process's store, bounded per kind of record (the key's prefix before ':'): at `max` records of a kind (or the
 * lower cap of STRANGER_KINDS) the oldest of that kind goes first, so a flood of registrations or abandoned sign-ins
 * never pushes out a user's grant or tokens.
 */
export class MemoryStore implements OAuthStore {
  private readonly kinds = new Map<string, Map<string, { value: string; expiresAt: number }>>();

  constructor(
    private readonly max = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  private capOf(key: string): number {
    return Math.min(this.max, STRANGER_KINDS[key.slice(0, key.indexOf(':'))] ?? this.max);
  }

  /** What the store holds right now, for the tests' scan that no token is kept in the clear. */
  dump(): string[] {
    return [...this.kinds.values()].flatMap((m) => [...m.entries()].map(([k, v]) => `${k} ${v.value}`));
  }

  private kind(key: string) {
    const name = key.slice(0, key.indexOf(':'));
    const known = this.kinds.get(name);
    if (known) return known;
    const map = new Map<string, { value: string; expiresAt: number }>();
    this.kinds.set(name, map);
    return map;
  }

  /** Synchronous, so that `take` reads and deletes with no await between: two concurrent takes never both get the value. */
  private read(key: string): string | undefined {
    const map = this.kind(key);
    const e = map.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return e.value;
  }

  async get(key: string) {
    return this.read(key);
  }

  async set(key: string, value: string, ttlMs: number) {
    const map = this.kind(key);
    map.delete(key);
    const cap = this.capOf(key);
    if (map.size >= cap) {
      const now = this.now();
      for (const [k, e] of map) if (e.expiresAt <= now) map.delete(k);
    }
    if (map.size >= cap) map.delete(map.keys().next().value!);
    map.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async take(key: string) {
    const value = this.read(key);
    this.kind(key).delete(key);
    return value;
  }

  async delete(key: string) {
    this.kind(key).delete(key);
  }

  async replace(key: string, value: string, ttlMs: number) {
    if (this.read(key) === undefined) return false;
    this.kind(key).set(key, { value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async touch(key: string, ttlMs: number) {
    const value = this.read(key);
    if (value === undefined) return false;
    this.kind(key).set(key, { value, expiresAt: this.now() + ttlMs });
    return true;
  }

  /** Nothing to release: the records go with the process. */
  async close() {}
}

/** The same records in Redis (ioredis, loaded only when REDIS_URL is set); GETDEL needs Redis 6.2 or later. */
export async function redisStore(url: string, onError: (err: Error) => void): Promise<OAuthStore & { keys(): Promise<string[]>; raw(key: string): Promise<string | null> }> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5000 });
  redis.on('error', onError);
  const prefix = 'contentstack-personalize-mcp:oauth:';
  return {
    get: async (key) => (await redis.get(prefix + key)) ?? undefined,
    set: async (key, value, ttlMs) => void (await redis.set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)))),
    take: async (key) => (await redis.getdel(prefix + key)) ?? undefined,
    delete: async (key) => void (await redis.del(prefix + key)),
    replace: async (key, value, ttlMs) => (await redis.set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'XX')) === 'OK',
    touch: async (key, ttlMs) => (await redis.pexpire(prefix + key, Math.max(1, Math.ceil(ttlMs)))) === 1,
    keys: () => redis.keys(`${prefix}*`),
    raw: (key) => redis.get(key),
    close: async () => void redis.disconnect(),
  };
}
