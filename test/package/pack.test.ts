import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleTests } from './bundle.js';
import { packAndInstall, ROOT, tarballFiles, type Packed } from './pack.js';

/**
 * Issue 13: the package a user installs. `npm pack` in a clean copy (no dist/: `prepare` builds it), the tarball
 * installed in an empty folder, then `npx contentstack-personalize-mcp --sandbox` there, driven by a real MCP client.
 * The first run packs and installs (about 20 s on a 2-core machine); later runs reuse them while no input changed.
 */
describe('the npm package', () => {
  let packed: Packed;
  beforeAll(() => {
    packed = packAndInstall();
  }, 120_000);

  it('ships only what runs: dist without bench, demo or dev, and the LICENSE, README and package.json', () => {
    const files = tarballFiles(packed.tarball);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('LICENSE');
    expect(files).toContain('README.md');
    expect(files).toContain('package.json');
    expect(files.filter((f) => !f.startsWith('dist/') && !['LICENSE', 'README.md', 'package.json', 'server.json'].includes(f))).toEqual([]);
    expect(files.filter((f) => /^dist\/(bench|demo|dev)\//.test(f) || /\.test\.|^test\/|^src\//.test(f))).toEqual([]);
  });

  it('installs from the tarball and runs through npx as a user runs it: tools/list over stdio', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const installed = JSON.parse(readFileSync(join(packed.installed, 'node_modules', 'contentstack-personalize-mcp', 'package.json'), 'utf8'));
    expect(installed.version).toBe(pkg.version);
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['--offline', '-y', 'contentstack-personalize-mcp', '--sandbox'],
      cwd: packed.installed,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'warn', npm_config_update_notifier: 'false' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'pack-test', version: '0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.version).toBe(pkg.version);
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(30);
      expect(tools.map((t) => t.name)).toContain('list_experiences');
    } finally {
      await client.close();
    }
  });

  describe('the Claude Desktop bundle (.mcpb), made from that installed package', () => bundleTests(() => packed.installed));
});
