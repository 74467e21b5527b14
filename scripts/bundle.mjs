#!/usr/bin/env node
// npm run bundle: a Claude Desktop bundle (.mcpb, manifest version 0.4) of the built server, made with the
// @anthropic-ai/mcpb CLI. The tools and prompts in its manifest are the ones the server lists (tools/list and
// prompts/list with every toolset), so they never drift from the registry. Output:
// build/contentstack-personalize-mcp-<version>.mcpb.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAGE = join(ROOT, 'build', 'mcpb');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
// The CLI's own file (its bin), found through the package's exported ./cli entry.
const mcpb = join(fileURLToPath(import.meta.resolve('@anthropic-ai/mcpb/cli')), '..', 'cli', 'cli.js');
const run = (cmd, args, cwd = ROOT) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

/**
 * The bundle holds exactly what `npm install contentstack-personalize-mcp` installs: the packed package (its
 * `prepare` builds dist/) installed with its production dependencies in an empty folder. `--from <folder>` uses
 * such a folder already made (the package test makes one, from a clean copy).
 */
function installedPackage() {
  const from = process.argv.indexOf('--from');
  if (from > 0) return process.argv[from + 1];
  const dir = join(ROOT, 'build', 'mcpb-install');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tgz = join(dir, run('npm', ['pack', '--silent', '--pack-destination', dir]).trim().split('\n').pop());
  writeFileSync(join(dir, 'package.json'), '{ "name": "mcpb-install", "private": true }\n');
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', tgz], dir);
  return dir;
}
const installed = installedPackage();
rmSync(STAGE, { recursive: true, force: true });
mkdirSync(STAGE, { recursive: true });
// Only what runs: no type declarations, TypeScript sources, source maps or Markdown of the dependencies (half the
// files; licences stay).
const NOT_RUN = /(\.[cm]?ts|\.map|\.md|[/\\]\.package-lock\.json)$/;
cpSync(join(installed, 'node_modules'), join(STAGE, 'node_modules'), { recursive: true, filter: (src) => !NOT_RUN.test(src) });
const ENTRY = 'node_modules/contentstack-personalize-mcp/dist/index.js';
for (const f of ['LICENSE', 'README.md']) cpSync(join(installed, 'node_modules', pkg.name, f), join(STAGE, f));

/** What the server itself lists, every toolset loaded, against the sandbox (no account needed to list). */
async function listed() {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(STAGE, ENTRY), '--sandbox'],
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' },
  });
  const client = new Client({ name: 'mcpb-bundle', version: pkg.version });
  await client.connect(transport);
  try {
    return { tools: (await client.listTools()).tools, prompts: (await client.listPrompts()).prompts };
  } finally {
    await client.close();
  }
}
const { tools, prompts } = await listed();

// The allowed values come from the built config modules (an mcpb user_config has no enum: they go in the text).
const REGIONS = Object.keys((await import(join(STAGE, ENTRY, '..', 'api', 'regions.js'))).REGIONS);
const { TOOLSETS } = await import(join(STAGE, ENTRY, '..', 'tools', 'toolsets.js'));
const manifest = {
  manifest_version: '0.4',
  name: pkg.name,
  display_name: 'Contentstack Personalize',
  version: pkg.version,
  description: pkg.description,
  long_description:
    'Runs Contentstack Personalize from Claude: projects, attributes, audiences (in plain-language rules), events, experiences and their versions, priority, analytics and geolocation, and what a visitor would be shown through the Edge API. Deletes and changes to live traffic wait for your confirmation; every call is paced under the rate limit. Turn on the sandbox to try it without an account.',
  author: { name: 'contentstack-personalize-mcp contributors' },
  license: pkg.license,
  keywords: ['contentstack', 'personalize', 'personalization', 'a/b testing', 'audiences'],
  server: {
    type: 'node',
    entry_point: ENTRY,
    mcp_config: {
      command: 'node',
      // biome-ignore lint/style/useTemplate: '${__dirname}' is the bundle's own placeholder, which a template literal would have to escape
      args: ['${__dirname}/' + ENTRY],
      env: {
        CONTENTSTACK_REGION: '${user_config.region}',
        CONTENTSTACK_OAUTH_TOKEN: '${user_config.oauth_token}',
        CONTENTSTACK_AUTHTOKEN: '${user_config.authtoken}',
        CONTENTSTACK_ORGANIZATION_UID: '${user_config.organization_uid}',
        PERSONALIZE_PROJECT_UID: '${user_config.project_uid}',
        PERSONALIZE_READ_ONLY: '${user_config.read_only}',
        PERSONALIZE_TOOLSETS: '${user_config.toolsets}',
        PERSONALIZE_SANDBOX: '${user_config.sandbox}',
      },
    },
  },
  tools: tools.map((t) => ({ name: t.name, description: t.description ?? '' })),
  tools_generated: false,
  prompts: prompts.map((p) => ({
    name: p.name,
    description: p.description ?? '',
    arguments: (p.arguments ?? []).map((a) => a.name),
    text: `${p.title ?? p.name}: ${(p.arguments ?? []).map((a) => `${a.name} = \${arguments.${a.name}}`).join(', ')} (the server writes the full prompt with the current rules)`,
  })),
  prompts_generated: true,
  compatibility: { platforms: ['darwin', 'win32', 'linux'], runtimes: { node: pkg.engines.node } },
  user_config: {
    region: {
      type: 'string',
      title: 'Region',
      description: `Your Contentstack region, one of: ${REGIONS.join(', ')}.`,
      default: 'na',
      required: false,
    },
    oauth_token: {
      type: 'string',
      title: 'OAuth access token',
      description: 'A Contentstack OAuth access token (wins over the authtoken). Leave empty to use an authtoken.',
      sensitive: true,
      required: false,
    },
    authtoken: {
      type: 'string',
      title: 'Authtoken',
      description: 'A Contentstack user authtoken (stack management tokens are refused by Personalize).',
      sensitive: true,
      required: false,
    },
    organization_uid: { type: 'string', title: 'Organization uid', description: 'Your organization uid, sent on project calls.', required: false },
    project_uid: { type: 'string', title: 'Default project uid', description: 'The Personalize project the tools use unless told another.', required: false },
    read_only: { type: 'boolean', title: 'Read-only', description: 'Register no tool that writes.', default: false, required: false },
    toolsets: {
      type: 'string',
      title: 'Toolsets',
      description: `all, or a comma list of: ${TOOLSETS.join(', ')}.`,
      default: 'all',
      required: false,
    },
    sandbox: {
      type: 'boolean',
      title: 'Sandbox (no account)',
      description: 'Run against the built-in simulated Personalize instead of your account.',
      default: false,
      required: false,
    },
  },
};
writeFileSync(join(STAGE, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
run(process.execPath, [mcpb, 'validate', join(STAGE, 'manifest.json')]);
const out = join(ROOT, 'build', `${pkg.name}-${pkg.version}.mcpb`);
rmSync(out, { force: true });
run(process.execPath, [mcpb, 'pack', STAGE, out]);
console.log(out);
