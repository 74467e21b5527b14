import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REGIONS } from '../../src/api/regions.js';
import { ALL_TOOLS } from '../../src/tools/registry.js';
import { TOOLSETS } from '../../src/tools/toolsets.js';
import { ROOT } from './pack.js';

interface UserConfig {
  type: string;
  default?: string | number | boolean;
  sensitive?: boolean;
  description: string;
}
interface Manifest {
  manifest_version: string;
  version: string;
  server: { entry_point: string; mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  tools: Array<{ name: string }>;
  prompts: Array<{ name: string; text: string }>;
  compatibility: { runtimes: { node: string } };
  user_config: Record<string, UserConfig>;
}

const MCPB_CLI = join(fileURLToPath(import.meta.resolve('@anthropic-ai/mcpb/cli')), '..', 'cli', 'cli.js');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** What Claude Desktop does with mcp_config: ${__dirname} is the unpacked bundle, ${user_config.x} the user's value or its default. */
function substitute(value: string, dir: string, manifest: Manifest, values: Record<string, string | boolean>): string {
  return value.replace(/\$\{__dirname\}/g, dir).replace(/\$\{user_config\.([a-z_]+)\}/g, (_, key: string) => {
    const v = values[key] ?? manifest.user_config[key]?.default;
    return v === undefined ? '' : String(v);
  });
}

/**
 * Issue 13: the Claude Desktop bundle. `npm run bundle` from the package the npm test packed and installed (so both
 * share one pack: test/package/pack.test.ts runs these after its own tests), then `mcpb validate`, then the .mcpb
 * unpacked and started exactly as its manifest says, through a real MCP client.
 */
export function bundleTests(installed: () => string): void {
  let bundle: string;
  let manifest: Manifest;
  const unpacked = mkdtempSync(join(tmpdir(), 'mcpb-unpacked-'));
  beforeAll(() => {
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--from', installed()], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    bundle = out.trim().split('\n').pop()!;
    execFileSync(process.execPath, [MCPB_CLI, 'unpack', bundle, unpacked], { stdio: 'pipe' });
    manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8'));
  }, 120_000);
  afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

  it('passes mcpb validate', () => {
    const out = execFileSync(process.execPath, [MCPB_CLI, 'validate', join(unpacked, 'manifest.json')], { encoding: 'utf8' });
    expect(out).toContain('passes');
  });

  it('is manifest 0.4 with the package version, the Node range, the registry tools and the prompts, and the user settings', () => {
    expect(manifest.manifest_version).toBe('0.4');
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.compatibility.runtimes.node).toBe(pkg.engines.node);
    expect(manifest.tools.map((t) => t.name).sort()).toEqual(ALL_TOOLS.map((t) => t.name).sort());
    expect(manifest.prompts.map((p) => p.name)).toEqual(['edit_audience']);
    const uc = manifest.user_config;
    expect(Object.keys(uc).sort()).toEqual(['authtoken', 'oauth_token', 'organization_uid', 'project_uid', 'read_only', 'region', 'sandbox', 'toolsets']);
    expect(uc.oauth_token!.sensitive).toBe(true);
    expect(uc.authtoken!.sensitive).toBe(true);
    for (const r of Object.keys(REGIONS)) expect(uc.region!.description).toContain(r);
    for (const t of TOOLSETS) expect(uc.toolsets!.description).toContain(t);
    expect(uc.read_only).toMatchObject({ type: 'boolean', default: false });
  });

  it('starts exactly as its mcp_config says, user_config substituted, and answers a real MCP client', async () => {
    const values = { sandbox: true, region: 'eu' };
    const cfg = manifest.server.mcp_config;
    const env = Object.fromEntries(Object.entries(cfg.env).map(([k, v]) => [k, substitute(v, unpacked, manifest, values)]));
    expect(env).toMatchObject({
      PERSONALIZE_SANDBOX: 'true',
      CONTENTSTACK_REGION: 'eu',
      PERSONALIZE_READ_ONLY: 'false',
      PERSONALIZE_TOOLSETS: 'all',
      CONTENTSTACK_OAUTH_TOKEN: '',
    });
    const transport = new StdioClientTransport({
      command: cfg.command === 'node' ? process.execPath : cfg.command,
      args: cfg.args.map((a) => substitute(a, unpacked, manifest, values)),
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
      cwd: unpacked,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'claude-desktop-like', version: '0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(manifest.tools.map((t) => t.name).sort());
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual(manifest.prompts.map((p) => p.name));
      const r = await client.callTool({ name: 'list_experiences', arguments: {} });
      expect(r.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
}
