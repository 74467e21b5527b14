import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { authorizeUrl, exchange, register, startOAuthStack, type OAuthStack } from './connector-helpers.js';
import { management, pkce, sandboxClient } from './helpers.js';

/** Debian's package; .ci/run installs it when missing. */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('the simulated consent page in headless Chromium', () => {
  let sandbox: Sandbox;
  let callback: ReturnType<typeof createServer>;
  let callbackUrl: string;
  const arrived: URL[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'oauth-chromium' });
    // Our callback, served for real: the browser lands here after the click.
    callback = createServer((req, res) => {
      const at = new URL(req.url ?? '/', callbackUrl);
      // The browser also asks for /favicon.ico.
      if (at.pathname === '/oauth/callback') arrived.push(at);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p id="done">signed in</p>');
    });
    await new Promise<void>((ok) => callback.listen(0, '127.0.0.1', () => ok()));
    callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/oauth/callback`;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => callback.close(() => ok()));
    await sandbox.close();
  });

  it('renders the form, and a click on Allow brings a code the token endpoint exchanges', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does, to run this test.`);
    }
    const client = sandboxClient(sandbox);
    const { verifier, challenge } = pkce();
    const authorize = client.authorizeUrl({
      region: 'na',
      redirectUri: callbackUrl,
      state: 'chromium-state',
      codeChallenge: challenge,
      scopes: ['personalize:read', 'personalize:manage'],
    });

    const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    // A persistent context is how Playwright takes a --user-data-dir: a fresh one, removed after.
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      // The real address, #! fragment and all: the app shell moves the route into the path.
      await page.goto(authorize.toString());
      await page.waitForSelector('form button[value=allow]');
      expect(new URL(page.url()).pathname).toBe(`/apps/${sandbox.oauth.app.appUid}/authorize`);
      const text = await page.textContent('body');
      for (const seen of ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson', 'personalize:manage', callbackUrl]) expect(text).toContain(seen);

      await page.check('input[name=user_uid][value=blt0user0grace0sandbox]');
      await Promise.all([page.waitForURL((u) => u.toString().startsWith(callbackUrl)), page.click('button[value=allow]')]);
      await page.waitForSelector('#done');
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }

    expect(arrived).toHaveLength(1);
    const back = arrived[0]!;
    expect(back.searchParams.get('state')).toBe('chromium-state');
    const code = back.searchParams.get('code');
    expect(code).toMatch(/^[\w-]{20,}$/);
    const tokens = await client.exchangeCode({ region: 'na', code: code!, codeVerifier: verifier, redirectUri: callbackUrl });
    expect(tokens).toMatchObject({ userUid: 'blt0user0grace0sandbox', organizationUid: 'blt0second0org0sandbox', scopes: ['personalize:read', 'personalize:manage'] });
    expect((await management(sandbox, tokens.accessToken, 'GET', '/projects', { organization_uid: tokens.organizationUid! })).status).toBe(200);
  });
});

/** Our own consent page (src/oauth/consent.ts) in a real browser: its cookie survives the trip through Contentstack. */
describe('our consent page in headless Chromium, then Contentstack’s, then our callback', () => {
  let stack: OAuthStack;
  let landing: ReturnType<typeof createServer>;
  let redirectUri: string;
  const arrived: URL[] = [];

  beforeAll(async () => {
    stack = await startOAuthStack();
    // The MCP client's redirect URI, served for real.
    landing = createServer((req, res) => {
      const at = new URL(req.url ?? '/', redirectUri);
      if (at.pathname === '/cb') arrived.push(at);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p id="done">connected</p>');
    });
    await new Promise<void>((ok) => landing.listen(0, '127.0.0.1', () => ok()));
    redirectUri = `http://127.0.0.1:${(landing.address() as AddressInfo).port}/cb`;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => landing.close(() => ok()));
    await stack.close();
  });

  it('Allow on our page, Allow at Contentstack: the browser arrives at the client with a code the client exchanges', async () => {
    const clientId = await register(stack.origin, [redirectUri]);
    const { verifier, challenge } = pkce();
    const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(authorizeUrl(stack, { clientId, challenge, redirectUri, state: 'real-browser' }).toString());
      expect(await page.textContent('#client')).toBe('raw');
      // Ours first, then Contentstack's (the sandbox's app route).
      await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/apps/')), page.click('button[value=allow]')]);
      await page.check('input[name=user_uid][value=blt0user0ada0sandbox]');
      await Promise.all([page.waitForURL((u) => u.toString().startsWith(redirectUri)), page.click('button[value=allow]')]);
      await page.waitForSelector('#done');
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.searchParams.get('state')).toBe('real-browser');
    const code = arrived[0]!.searchParams.get('code');
    expect((await exchange(stack, { clientId, code: code!, verifier, redirectUri })).status).toBe(200);
  });
});
