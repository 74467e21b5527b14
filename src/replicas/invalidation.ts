import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ListCache } from '../api/cache.js';
import type { Logger } from '../log.js';

/**
 * Cache invalidation across replicas over one Redis pub/sub channel: a write here publishes its
 * project; every other replica drops that project's cached lists (without publishing again).
 * Returns `flush`, which waits until the publishes so far reached Redis — awaited before a write's
 * result is sent, so a read on another replica right after it never sees the old list.
 */
export interface SharedInvalidation {
  flush(): Promise<void>;
  /** The channel subscription is in place (ioredis renews it after a reconnect). */
  subscribed(): boolean;
}

export function shareInvalidation(cache: ListCache, pub: Redis, sub: Redis, channel: string, logger: Logger): SharedInvalidation {
  const origin = randomUUID();
  const pending = new Set<Promise<unknown>>();
  sub.on('message', (ch: string, text: string) => {
    if (ch !== channel) return;
    try {
      const m = JSON.parse(text) as { origin?: string; project?: string };
      if (m.origin !== origin && typeof m.project === 'string') cache.invalidate(m.project, false);
    } catch {
      logger.warn({ channel }, 'ignored a malformed cache invalidation message');
    }
  });
  let subscribed = false;
  sub.subscribe(channel).then(
    () => {
      subscribed = true;
    },
    (err: unknown) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not subscribe to cache invalidation from other replicas'),
  );
  cache.onInvalidate((project) => {
    const p = pub.publish(channel, JSON.stringify({ origin, project })).catch((err: unknown) => {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not tell other replicas about a write');
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
  });
  return {
    async flush() {
      await Promise.all([...pending]);
    },
    subscribed: () => subscribed && sub.status === 'ready',
  };
}
