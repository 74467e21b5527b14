import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { Sessions, type Session } from '../../src/transport/http-sessions.js';

const logger = createLogger('silent');

/** A session with a stand-in server: only close() is called on it here. */
function fake(id: string, owner: string, lastSeen: number, inFlight = 0): Session & { closed: boolean } {
  const s = { id, owner, member: owner, lastSeen, inFlight, closed: false, transport: {} } as unknown as Session & { closed: boolean };
  s.server = {
    close: async () => {
      s.closed = true;
    },
  } as unknown as Session['server'];
  return s;
}

describe('Sessions: the caps on initialize', () => {
  it('counts places being initialized toward the member cap, so two concurrent initializes cannot pass it', () => {
    const sessions = new Sessions({ max: 10, perMember: 2, idleMs: 60_000 }, logger);
    sessions.add(fake('a1', 'ann', 1));
    const first = sessions.reserve('ann');
    expect(first).not.toBeTypeOf('string');
    expect(sessions.reserve('ann')).toBe('member cap');
    expect(sessions.reserve('bob')).not.toBeTypeOf('string');
    (first as { release(): void }).release();
    (first as { release(): void }).release();
    const again = sessions.reserve('ann');
    expect(again).not.toBeTypeOf('string');
    expect(sessions.reserve('ann')).toBe('member cap');
    void sessions.closeAll();
  });

  it("at the global cap closes the member's own least recently used idle session, never a busy one or another member's", () => {
    const sessions = new Sessions({ max: 4, perMember: 3, idleMs: 60_000 }, logger);
    const [a1, a2, a3, b1] = [fake('a1', 'ann', 30), fake('a2', 'ann', 10, 1), fake('a3', 'ann', 20), fake('b1', 'bob', 0)];
    for (const s of [a1, a2, a3, b1]) sessions.add(s);
    expect(sessions.reserve('cy')).toBe('full');
    // ann is at her own cap of 3: refused, not evicted.
    expect(sessions.reserve('ann')).toBe('member cap');
    const bob = sessions.reserve('bob');
    expect(bob).not.toBeTypeOf('string');
    expect(b1.closed).toBe(true);
    expect(sessions.get('b1')).toBeUndefined();
    expect([a1, a2, a3].map((s) => s.closed)).toEqual([false, false, false]);
    void sessions.closeAll();
  });

  it('picks the idle session used longest ago, skipping one with a request in flight', () => {
    const sessions = new Sessions({ max: 3, perMember: 5, idleMs: 60_000 }, logger);
    const [a1, a2, a3] = [fake('a1', 'ann', 10, 2), fake('a2', 'ann', 30), fake('a3', 'ann', 20)];
    for (const s of [a1, a2, a3]) sessions.add(s);
    expect(sessions.reserve('ann')).not.toBeTypeOf('string');
    expect([a1, a2, a3].map((s) => s.closed)).toEqual([false, false, true]);
    void sessions.closeAll();
  });

  it('without members (one local user) is a plain cap: nothing is closed to make room', () => {
    const sessions = new Sessions({ max: 1, idleMs: 60_000 }, logger);
    const only = fake('l1', 'local', 0);
    sessions.add(only);
    expect(sessions.reserve('local')).toBe('full');
    expect(only.closed).toBe(false);
    void sessions.closeAll();
  });
});
