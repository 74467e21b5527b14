import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { newToken, sha256, startRefused, writeTokensFile } from './helpers.js';

/** Configuration the server refuses before it listens: one sentence on stderr, exit 2, no stack trace. */
describe('refusing to start', () => {
  function expectOneSentence(stderr: string): void {
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^contentstack-personalize-mcp: [^\n]+\.$/);
    expect(stderr).not.toMatch(/\bat \S+ \(|node:internal/);
  }

  it('a tokens file with two entries of the same name (after trimming) names both entries', async () => {
    const file = writeTokensFile([
      { name: 'ann', token: newToken(), role: 'write' },
      { name: 'bob', token: newToken(), role: 'read' },
      { name: ' ann ', token: newToken(), role: 'read' },
    ]);
    const { code, stderr } = await startRefused({ MCP_HTTP_TOKENS_FILE: file, PERSONALIZE_SANDBOX: 'true' });
    expect(code).toBe(2);
    expectOneSentence(stderr);
    expect(stderr).toContain('MCP_HTTP_TOKENS_FILE');
    expect(stderr).toContain('entries 1 ("ann") and 3 ("ann") have the same name');
  });

  it('a tokens file with two entries of the same tokenSha256 (in any case) names both entries, and no hash', async () => {
    const token = newToken();
    const file = writeTokensFile([
      { name: 'ann', token, role: 'write' },
      { name: 'bob', token: newToken(), role: 'read' },
      { name: 'cy', token: newToken(), role: 'read' },
    ]);
    // The same hash in upper case is still the same token.
    const entries = JSON.parse(readFileSync(file, 'utf8')) as Array<{ tokenSha256: string }>;
    entries[2]!.tokenSha256 = sha256(token).toUpperCase();
    writeFileSync(file, JSON.stringify(entries));
    const { code, stderr } = await startRefused({ MCP_HTTP_TOKENS_FILE: file, PERSONALIZE_SANDBOX: 'true' });
    expect(code).toBe(2);
    expectOneSentence(stderr);
    expect(stderr).toContain('entries 1 ("ann") and 3 ("cy") have the same tokenSha256');
    expect(stderr).not.toContain(sha256(token));
  });

  it('a port in use is one sentence naming MCP_HTTP_PORT / --port and the port, from the variable or the flag', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const { port } = taken.address() as { port: number };
    try {
      const env = { CONTENTSTACK_AUTHTOKEN: 'port-test-authtoken' };
      for (const [extraEnv, args] of [
        [{ MCP_HTTP_PORT: String(port) }, []],
        [{}, ['--port', String(port)]],
      ] as const) {
        const { code, stderr } = await startRefused({ ...env, ...extraEnv }, [...args]);
        expect(code).toBe(2);
        expectOneSentence(stderr);
        expect(stderr).toContain(`MCP_HTTP_PORT (--port) ${port} is already in use on 127.0.0.1`);
      }
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
