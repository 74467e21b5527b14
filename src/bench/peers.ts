import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListToolsResultSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { BARE_ENTRY, SERVER_ENTRY } from './spawn.js';
import { median, round } from './stats.js';
import { countTokens } from './tokens.js';

/**
 * Published MCP servers that issue 12 compares against, at the versions it names (server-everything: the
 * newest when this was written). Each starts on stdio with a made-up credential: tools/list needs no
 * account, and the bench calls no tool. They are installed into a cache folder of their own, never into
 * this package's dependencies.
 */
interface Peer {
  label: string;
  pkg: string;
  version: string;
  /** The package's bin script, relative to its folder, and its arguments. */
  bin: string;
  args: string[];
  env?: Record<string, string>;
}

const PEERS: Peer[] = [
  { label: 'LaunchDarkly', pkg: '@launchdarkly/mcp-server', version: '0.6.2', bin: 'bin/mcp-server.js', args: ['start', '--api-key', 'bench-not-a-key'] },
  { label: 'Stripe', pkg: '@stripe/mcp', version: '0.2.5', bin: 'dist/index.js', args: ['--tools=all', '--api-key=sk_test_bench_not_a_key'] },
  { label: 'Notion', pkg: '@notionhq/notion-mcp-server', version: '2.5.2', bin: 'bin/cli.mjs', args: [], env: { NOTION_TOKEN: 'ntn_bench_not_a_token' } },
  { label: 'Sentry', pkg: '@sentry/mcp-server', version: '0.36.0', bin: 'dist/index.js', args: ['--access-token=bench-not-a-token'] },
  { label: 'server-everything', pkg: '@modelcontextprotocol/server-everything', version: '2026.8.31', bin: 'dist/index.js', args: ['stdio'] },
];

/** Where the peers are installed: PERSONALIZE_BENCH_PEERS_DIR, else ~/.cache/cpm-bench-peers. */
export function peersDir(): string {
  return process.env.PERSONALIZE_BENCH_PEERS_DIR ?? join(homedir(), '.cache', 'cpm-bench-peers');
}

export interface PeerFigures {
  label: string;
  /** package@version, or "this server" / "bare one-tool SDK server". */
  what: string;
  coldStartMs: number;
  /** Against the bare SDK server's median in the same interleaved run. */
  ratio: number;
  tools: number;
  wholeTokens: number;
  wholePerTool: number;
  visiblePerTool: number;
  largest: { name: string; tokens: number };
}

export interface PeersResult {
  dir: string;
  runs: number;
  rows: PeerFigures[];
  /** A line for each peer that could not be measured, saying why. */
  skipped: string[];
}

const installedVersion = (dir: string, pkg: string): string | undefined => {
  try {
    return (JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
};

/** What npm said went wrong, on one line: its error code and its first line of explanation. */
export function npmFailure(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim())
    .filter(Boolean);
  const code = lines.find((l) => /^code \S+$/.test(l));
  const why = lines.find((l) => !/^(code|syscall|errno) \S+$|^at |^A complete log|^\{|^\}/.test(l));
  return [code, why?.slice(0, 200)].filter(Boolean).join(': ') || 'no output';
}

function npmInstall(dir: string, specs: string[]): string | undefined {
  const r = spawnSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', ...specs], {
    encoding: 'utf8',
    timeout: 300_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) return r.error.message;
  return r.status === 0 ? undefined : npmFailure(r.stderr || r.stdout);
}

/** Installs the peers not yet in `dir` at their exact versions (once: later runs find them there). */
function installPeers(dir: string, log: (line: string) => void): Map<Peer, string> {
  const failed = new Map<Peer, string>();
  const missing = PEERS.filter((p) => installedVersion(dir, p.pkg) !== p.version);
  if (!missing.length) return failed;
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest))
    writeFileSync(manifest, `${JSON.stringify({ private: true, description: 'Published MCP servers the contentstack-personalize-mcp bench compares against' }, null, 2)}\n`);
  const specs = missing.map((p) => `${p.pkg}@${p.version}`);
  log(`installing ${specs.join(', ')} into ${dir}`);
  if (npmInstall(dir, specs) === undefined) return failed;
  // One at a time, so that one that cannot be installed does not keep out the others.
  for (const p of missing) {
    const why = npmInstall(dir, [`${p.pkg}@${p.version}`]);
    if (why !== undefined) failed.set(p, `not installed (npm: ${why})`);
  }
  return failed;
}

interface Candidate {
  label: string;
  what: string;
  args: string[];
  env: Record<string, string>;
}

interface Listed {
  ms: number;
  tools: Tool[];
}

/** Spawn → initialize → first tools/list answer, on stdio, with only PATH and HOME plus `env`; 30 s at most. */
async function timeToToolsList(c: Candidate): Promise<Listed> {
  const start = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: c.args,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? homedir(), ...c.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const client = new Client({ name: 'personalize-bench', version: '0.1.0' });
  try {
    await client.connect(transport, { timeout: 30_000 });
    // The answer as sent (client.listTools would re-parse it and reorder keys).
    const { tools } = await client.request({ method: 'tools/list' }, ListToolsResultSchema, { timeout: 30_000 });
    return { ms: performance.now() - start, tools };
  } catch (err) {
    const said = stderr.trim().split('\n').slice(-1)[0];
    throw new Error(`${err instanceof Error ? err.message : String(err)}${said ? ` (its last stderr line: ${said.slice(0, 200)})` : ''}`);
  } finally {
    await client.close().catch(() => undefined);
    await transport.close().catch(() => undefined);
  }
}

function sizeOf(tools: Tool[]) {
  const whole = tools.map((t) => ({ name: t.name, tokens: countTokens(JSON.stringify(t)) }));
  const visible = tools.reduce((n, t) => n + countTokens(JSON.stringify({ name: t.name, description: t.description, inputSchema: t.inputSchema })), 0);
  const wholeTokens = whole.reduce((n, t) => n + t.tokens, 0);
  const per = (n: number) => round(n / Math.max(tools.length, 1), 1);
  const largest = whole.reduce((a, b) => (b.tokens > a.tokens ? b : a), { name: '-', tokens: 0 });
  return { tools: tools.length, wholeTokens, wholePerTool: per(wholeTokens), visiblePerTool: per(visible), largest };
}

/**
 * The peers beside this server and the bare one-tool SDK server: cold start (median of `runs`,
 * interleaved so that machine noise falls on all alike, after one unmeasured start each) and the
 * size of the tools/list each answers as started.
 */
export async function measurePeers(runs = 5, log: (line: string) => void = () => undefined): Promise<PeersResult> {
  const dir = peersDir();
  const failed = installPeers(dir, log);
  const skipped: string[] = [];
  const candidates: Candidate[] = [
    { label: 'bare one-tool SDK server', what: 'bare', args: [BARE_ENTRY], env: {} },
    // As cold-start.ts starts it: a credential, and an API address never contacted before a tool call.
    {
      label: 'this server',
      what: 'contentstack-personalize-mcp',
      args: [SERVER_ENTRY],
      env: { CONTENTSTACK_AUTHTOKEN: 'bench-authtoken', PERSONALIZE_API_URL: 'http://127.0.0.1:9', PERSONALIZE_CONFIRM: 'token', LOG_LEVEL: 'warn' },
    },
  ];
  for (const p of PEERS) {
    const why = failed.get(p);
    if (why) skipped.push(`${p.label} (${p.pkg}@${p.version}): ${why}`);
    else candidates.push({ label: p.label, what: `${p.pkg}@${p.version}`, args: [join(dir, 'node_modules', p.pkg, p.bin), ...p.args], env: p.env ?? {} });
  }

  // The warm-up start also checks that each one answers; one that does not is left out with its reason.
  const lists = new Map<Candidate, Tool[]>();
  for (const c of candidates) {
    try {
      lists.set(c, (await timeToToolsList(c)).tools);
    } catch (err) {
      if (c.what === 'bare' || c.label === 'this server') throw err;
      skipped.push(`${c.label} (${c.what}): did not answer tools/list without an account: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const measured = candidates.filter((c) => lists.has(c));
  const samples = new Map<Candidate, number[]>(measured.map((c) => [c, []]));
  for (let i = 0; i < runs; i++) for (const c of measured) samples.get(c)!.push((await timeToToolsList(c)).ms);

  const bareMs = median(samples.get(measured[0]!)!);
  const rows = measured.map((c) => {
    const ms = median(samples.get(c)!);
    return { label: c.label, what: c.what, coldStartMs: round(ms, 1), ratio: round(ms / bareMs), ...sizeOf(lists.get(c)!) };
  });
  return { dir, runs, rows, skipped };
}
