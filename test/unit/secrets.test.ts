import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/safety/tokens.js';
import { Secrets, withoutUserinfo } from '../../src/secrets.js';

describe('Secrets', () => {
  it('replaces every known secret wherever it appears, and URL userinfo', () => {
    const s = new Secrets();
    s.add('tok-1234567890', undefined, 'short');
    expect(s.redact('bad token tok-1234567890 (tok-1234567890)')).toBe('bad token [redacted] ([redacted])');
    expect(s.redact('redis://user:pw@host:6379/0 and https://a@b.example')).toBe('redis://[redacted]@host:6379/0 and https://[redacted]@b.example');
    // Values under 8 characters are not treated as secrets: they would blank ordinary words.
    expect(s.redact('short answer')).toBe('short answer');
    expect(s.appearsIn('nothing here')).toBe(false);
    expect(s.appearsIn('{"note":"tok-1234567890"}')).toBe(true);
  });

  it('redacts strings and keys deep inside a value without touching the original', () => {
    const s = new Secrets();
    s.add('tok-1234567890');
    let deep: unknown = { leaf: 'x tok-1234567890 y' };
    for (let i = 0; i < 5_000; i++) deep = { next: deep, list: ['tok-1234567890'] };
    const clean = s.redactDeep({ top: deep, 'tok-1234567890': 1 });
    expect(canonicalJson(clean)).not.toContain('tok-1234567890');
    expect(canonicalJson(clean)).toContain('"[redacted]":1');
    expect(canonicalJson(deep)).toContain('tok-1234567890');
  });

  it('stays bounded: the oldest secret leaves first', () => {
    const s = new Secrets(2);
    s.add('secret-one-1', 'secret-two-2', 'secret-three-3');
    expect(s.redact('secret-one-1 secret-two-2 secret-three-3')).toBe('secret-one-1 [redacted] [redacted]');
  });

  it('withoutUserinfo leaves URLs without userinfo alone', () => {
    expect(withoutUserinfo('https://example.com/a@b')).toBe('https://example.com/a@b');
    expect(withoutUserinfo('see ftp://u:p@x.y/z')).toBe('see ftp://[redacted]@x.y/z');
  });
});
