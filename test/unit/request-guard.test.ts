import { describe, expect, it } from 'vitest';
import { RequestGuard } from '../../src/transport/http-guard.js';

/** The Host check remembers the values it allowed: repeats and order must never change a verdict. */
describe('RequestGuard, the same Host header sent again and again', () => {
  const refused = /does not answer to that Host header/;

  it('answers every repeat of a value as the first time, allowed or refused, in any order', () => {
    const guard = new RequestGuard('127.0.0.1', undefined, undefined);
    for (let i = 0; i < 3; i++) {
      expect(guard.check({ host: '127.0.0.1:3000' })).toBeUndefined();
      expect(guard.check({ host: 'localhost:3000' })).toBeUndefined();
      expect(guard.check({ host: 'evil.example:3000' })).toMatch(refused);
      expect(guard.check({ host: 'evil.example' })).toMatch(refused);
      expect(guard.check({})).toMatch(refused);
    }
  });

  it('an allowed host with a port allows that port only, before and after it was seen', () => {
    const guard = new RequestGuard('0.0.0.0', ['mcp.example.com:8443'], undefined);
    expect(guard.check({ host: 'mcp.example.com:9000' })).toMatch(refused);
    expect(guard.check({ host: 'mcp.example.com:8443' })).toBeUndefined();
    expect(guard.check({ host: 'mcp.example.com:8443' })).toBeUndefined();
    expect(guard.check({ host: 'mcp.example.com:9000' })).toMatch(refused);
    expect(guard.check({ host: 'mcp.example.com' })).toMatch(refused);
  });

  it('past the values it remembers, each is still checked in full', () => {
    const guard = new RequestGuard('127.0.0.1', undefined, undefined);
    for (let port = 1000; port < 1200; port++) expect(guard.check({ host: `localhost:${port}` })).toBeUndefined();
    expect(guard.check({ host: 'localhost.evil.example:1100' })).toMatch(refused);
  });

  it('a remembered Host does not let a foreign Origin through', () => {
    const guard = new RequestGuard('127.0.0.1', undefined, undefined);
    expect(guard.check({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })).toBeUndefined();
    expect(guard.check({ host: '127.0.0.1:3000', origin: 'https://evil.example' })).toMatch(/Origin/);
  });
});
