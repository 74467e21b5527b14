import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/oauth/store.js';

/** What single-use codes and refresh-token rotation stand on: of two takes at the same moment, one gets the value. */
describe('OAuth store: races', () => {
  it('two concurrent takes of one record: exactly one gets it (memory store)', async () => {
    const store = new MemoryStore();
    await store.set('code:k', 'v', 60_000);
    const got = await Promise.all([store.take('code:k'), store.take('code:k')]);
    expect(got.filter((v) => v === 'v')).toHaveLength(1);
    expect(got).toContain(undefined);
  });
});
