import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { Sealer } from '../../src/oauth/crypto.js';
import { Grants, SignInError } from '../../src/oauth/grants.js';
import { MemoryStore } from '../../src/oauth/store.js';
import type { ContentstackOAuth, UpstreamTokens } from '../../src/oauth/upstream.js';
import { Secrets } from '../../src/secrets.js';

/** A Contentstack whose refresh answers only when the test lets it: a revocation can land while it is in flight. */
function heldUpstream() {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const tokens = (n: string): UpstreamTokens => ({
    accessToken: `cs-at-${n}-xxxxxxxx`,
    refreshToken: `cs-rt-${n}-xxxxxxxx`,
    expiresAt: Date.now() + 3_600_000,
    scopes: ['personalize:read'],
    region: 'na',
  });
  const upstream: ContentstackOAuth = {
    authorizeUrl: () => new URL('https://app.example/'),
    exchangeCode: async () => tokens('first'),
    refresh: async () => {
      await gate;
      return tokens('second');
    },
  };
  return { upstream, release, tokens };
}

function grantsOver(store: MemoryStore, upstream: ContentstackOAuth) {
  return new Grants({
    store,
    sealer: new Sealer(randomBytes(32)),
    upstream,
    secrets: new Secrets(),
    logger: createLogger('silent'),
    refreshMarginMs: 60_000,
    grantTtlMs: 86_400_000,
  });
}

/** A revoked grant stays revoked, whatever was in flight when it ended (docs/hosted-http.md "security review"). */
describe('OAuth grants: revocation wins over work in flight', () => {
  it('a Contentstack refresh in flight when the grant is revoked does not bring the grant back', async () => {
    const store = new MemoryStore();
    const { upstream, release, tokens } = heldUpstream();
    const grants = grantsOver(store, upstream);
    const grant = await grants.create({ ...tokens('first'), expiresAt: Date.now() - 1 }, 86_400_000);
    const token = grants.source(grant.id, 'owner').token();
    await new Promise((r) => setTimeout(r, 5));
    await grants.delete(grant.id);
    release();
    await expect(token).rejects.toBeInstanceOf(SignInError);
    expect(await grants.view(grant.id)).toBeUndefined();
    expect(store.dump().filter((l) => l.startsWith('grant:'))).toEqual([]);
  });

  it('extending a grant (our refresh) at the moment it is revoked does not bring it back', async () => {
    const store = new MemoryStore();
    const grants = grantsOver(store, heldUpstream().upstream);
    const grant = await grants.create(heldUpstream().tokens('first'), 86_400_000);
    await Promise.all([grants.extend(grant.id, 86_400_000), grants.delete(grant.id)]);
    expect(await grants.view(grant.id)).toBeUndefined();
  });
});
