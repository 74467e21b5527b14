import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, browse, exchange, register, startOAuthStack, type OAuthStack } from './connector-helpers.js';

const s256 = (v: string) => createHash('sha256').update(v).digest('base64url');

async function registerRaw(origin: string, metadata: Record<string, unknown>) {
  const res = await fetch(new URL('/register', origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** What clients send, held to its RFC: PKCE (RFC 7636 §4.1, §4.2) and registration metadata (RFC 7591, RFC 6749 §3.1.2). */
describe('OAuth connector: input bounds', () => {
  let stack: OAuthStack;

  beforeAll(async () => {
    stack = await startOAuthStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('a code_challenge that is not an S256 value is refused at /authorize (back to the client with state and iss)', async () => {
    const clientId = await register(stack.origin);
    for (const challenge of ['short', 'x'.repeat(43).replace(/^x/, '+'), 'a'.repeat(44)]) {
      const res = await fetch(authorizeUrl(stack, { clientId, challenge, state: 'pkce-state' }), { redirect: 'manual' });
      expect(res.status, challenge).toBe(302);
      const back = new URL(res.headers.get('location')!);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('state')).toBe('pkce-state');
      expect(back.searchParams.get('iss')).toBe(`${stack.origin}/`);
    }
  });

  it('a code_verifier shorter than 43, longer than 128 or outside the unreserved characters is refused at /token', async () => {
    const clientId = await register(stack.origin);
    for (const verifier of ['too-short-but-matching', 'é'.repeat(43), 'a b'.repeat(15), 'v'.repeat(129)]) {
      const back = await browse(authorizeUrl(stack, { clientId, challenge: s256(verifier) }));
      const answer = await exchange(stack, { clientId, code: back.code!, verifier });
      expect(answer.status, verifier).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
    }
  });
});
