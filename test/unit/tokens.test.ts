import { describe, expect, it } from 'vitest';
import { canonicalJson, ConfirmationTokens, MemoryUsedTokens, TOKEN_TTL_MS } from '../../src/safety/tokens.js';

function setup() {
  const clock = { now: Date.UTC(2025, 0, 1) };
  const now = () => clock.now;
  const tokens = new ConfirmationTokens(Buffer.from('test-secret'), new MemoryUsedTokens(now), TOKEN_TTL_MS, now);
  return { clock, tokens };
}

const args = { attributeUid: 'a1', projectUid: 'p1' };

describe('ConfirmationTokens', () => {
  it('a token lasts five minutes', () => {
    expect(TOKEN_TTL_MS).toBe(5 * 60_000);
  });

  it('within 5 minutes: accepted, and only once', async () => {
    const { clock, tokens } = setup();
    const t = tokens.issue('delete_attribute', args, 'p1');
    clock.now += TOKEN_TTL_MS - 1_000;
    expect(await tokens.redeem(t, 'delete_attribute', args, 'p1')).toEqual({ ok: true });
    const again = await tokens.redeem(t, 'delete_attribute', args, 'p1');
    expect(again.ok).toBe(false);
    expect(!again.ok && again.reason).toMatch(/already used/);
  });

  it('expired: refused', async () => {
    const { clock, tokens } = setup();
    const t = tokens.issue('delete_attribute', args, 'p1');
    clock.now += TOKEN_TTL_MS + 1;
    const r = await tokens.redeem(t, 'delete_attribute', args, 'p1');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/expired/);
  });

  it('a used token stays used until it expires, even as other tokens come and go', async () => {
    const { clock, tokens } = setup();
    const t = tokens.issue('delete_attribute', args, 'p1');
    expect((await tokens.redeem(t, 'delete_attribute', args, 'p1')).ok).toBe(true);
    clock.now += TOKEN_TTL_MS - 10;
    const other = tokens.issue('delete_event', { eventUid: 'e1' }, 'p1');
    expect((await tokens.redeem(other, 'delete_event', { eventUid: 'e1' }, 'p1')).ok).toBe(true);
    expect((await tokens.redeem(t, 'delete_attribute', args, 'p1')).ok).toBe(false);
  });

  it('refuses another tool, other arguments, another project, and forgeries', async () => {
    const { tokens } = setup();
    const t = tokens.issue('pause_experience', { experienceUid: 'x' }, 'p1');
    expect((await tokens.redeem(t, 'delete_experience', { experienceUid: 'x' }, 'p1')).ok).toBe(false);
    expect((await tokens.redeem(t, 'pause_experience', { experienceUid: 'y' }, 'p1')).ok).toBe(false);
    expect((await tokens.redeem(t, 'pause_experience', { experienceUid: 'x', force: true }, 'p1')).ok).toBe(false);
    expect((await tokens.redeem(t, 'pause_experience', { experienceUid: 'x' }, 'p2')).ok).toBe(false);
    expect((await tokens.redeem('garbage', 'pause_experience', { experienceUid: 'x' }, 'p1')).ok).toBe(false);
    const [exp, nonce, mac] = t.split('.');
    expect((await tokens.redeem(`${Number(exp) + 60_000}.${nonce}.${mac}`, 'pause_experience', { experienceUid: 'x' }, 'p1')).ok).toBe(false);
    // A token from a server with another secret is not accepted either.
    const foreign = new ConfirmationTokens(Buffer.from('other-secret'), new MemoryUsedTokens()).issue('pause_experience', { experienceUid: 'x' }, 'p1');
    expect((await tokens.redeem(foreign, 'pause_experience', { experienceUid: 'x' }, 'p1')).ok).toBe(false);
    // None of the refusals used the real token up.
    expect((await tokens.redeem(t, 'pause_experience', { experienceUid: 'x' }, 'p1')).ok).toBe(true);
  });

  it('binds the arguments, not their order, and ignores the token field itself', async () => {
    const { tokens } = setup();
    const t = tokens.issue('set_experience_priority', { priorityOrder: ['b', 'a'], projectUid: 'p1' }, 'p1');
    expect((await tokens.redeem(t, 'set_experience_priority', { projectUid: 'p1', priorityOrder: ['b', 'a'], confirmationToken: t }, 'p1')).ok).toBe(true);
    const u = tokens.issue('set_experience_priority', { priorityOrder: ['b', 'a'] }, 'p1');
    expect((await tokens.redeem(u, 'set_experience_priority', { priorityOrder: ['a', 'b'] }, 'p1')).ok).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, so key order never matters', () => {
    const a = { b: 1, a: { d: [{ y: 1, x: 2 }], c: 'z' } };
    const b = { a: { c: 'z', d: [{ x: 2, y: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"z","d":[{"x":2,"y":1}]},"b":1}');
  });

  it('keeps array order and drops undefined values', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('x')).toBe('"x"');
  });

  it('survives any depth (the audit line and the MAC depend on it) and matches JSON.stringify where both work', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { k: deep };
    expect(canonicalJson(deep).length).toBeGreaterThan(400_000);
    const plain = { z: [1, 'two', { q: null, p: true }], a: -0.5 };
    expect(canonicalJson(plain)).toBe(JSON.stringify({ a: -0.5, z: [1, 'two', { p: true, q: null }] }));
  });
});

describe('ConfirmationTokens: exact tokens, bound to the member', () => {
  it('a token with anything after its three parts, or parts of the wrong form, is refused', async () => {
    const { tokens } = setup();
    const t = tokens.issue('delete_attribute', args, 'p1');
    for (const bad of [`${t}.extra`, `${t}.`, `x${t}`, t.replace(/\.[^.]+\./, '.short.'), ` ${t}`]) {
      expect(await tokens.redeem(bad, 'delete_attribute', args, 'p1')).toEqual({ ok: false, reason: 'The confirmation token is not one this server issued.' });
    }
    expect(await tokens.redeem(t, 'delete_attribute', args, 'p1')).toEqual({ ok: true });
  });

  it('a token issued to one member is refused for another, and for a call with no member', async () => {
    const { tokens } = setup();
    const t = tokens.issue('delete_attribute', args, 'p1', 'alice');
    const bob = await tokens.redeem(t, 'delete_attribute', args, 'p1', 'bob');
    expect(bob.ok).toBe(false);
    expect((bob as { reason: string }).reason).toMatch(/another team member/);
    expect((await tokens.redeem(t, 'delete_attribute', args, 'p1')).ok).toBe(false);
    expect(await tokens.redeem(t, 'delete_attribute', args, 'p1', 'alice')).toEqual({ ok: true });
  });
});
