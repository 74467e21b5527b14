import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sealer } from '../../src/oauth/crypto.js';
import { MemoryStore } from '../../src/oauth/store.js';

describe('Sealer (AES-256-GCM for stored Contentstack tokens)', () => {
  const key = randomBytes(32);
  const sealer = new Sealer(key);

  it('opens what it sealed for the same record, with a fresh IV each time', () => {
    const a = sealer.seal('cs-access-token-123', 'grant:1');
    const b = sealer.seal('cs-access-token-123', 'grant:1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('cs-access-token');
    expect(sealer.open(a, 'grant:1')).toBe('cs-access-token-123');
  });

  it('refuses another record, another key, and any changed byte', () => {
    const sealed = sealer.seal('secret value', 'grant:1');
    expect(sealer.open(sealed, 'grant:2')).toBeUndefined();
    expect(new Sealer(randomBytes(32)).open(sealed, 'grant:1')).toBeUndefined();
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    expect(sealer.open([v, iv, flipped.toString('base64url'), tag].join('.'), 'grant:1')).toBeUndefined();
    expect(sealer.open('not sealed', 'grant:1')).toBeUndefined();
    expect(() => new Sealer(randomBytes(16))).toThrow(/32-byte/);
  });
});

describe('MemoryStore (the OAuth records of one process)', () => {
  it('bounds each kind of record apart: a flood of one kind never pushes out another', async () => {
    const store = new MemoryStore(3);
    await store.set('grant:a', '1', 60_000);
    for (let i = 0; i < 10; i++) await store.set(`pending:${i}`, 'x', 60_000);
    expect(await store.get('grant:a')).toBe('1');
    expect(await store.get('pending:0')).toBeUndefined();
    expect(await store.get('pending:9')).toBe('x');
    expect(await store.take('grant:a')).toBe('1');
    expect(await store.take('grant:a')).toBeUndefined();
  });

  it('forgets a record when its lifetime is over', async () => {
    let now = 1000;
    const store = new MemoryStore(10, () => now);
    await store.set('code:c', 'v', 60_000);
    now += 59_999;
    expect(await store.get('code:c')).toBe('v');
    now += 1;
    expect(await store.get('code:c')).toBeUndefined();
  });
});
