import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertCredentials, ConfigError, loadConfig } from '../src/config.js';
import { REGIONS } from '../src/api/regions.js';
import { TOOLSETS } from '../src/tools/toolsets.js';
import { ENTRY } from './helpers/harness.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with only the given environment; stdin is closed at once. */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const CREDS = { CONTENTSTACK_AUTHTOKEN: 'cli-test-token-91ab' };

describe('CLI: configuration errors exit 2 with one line on stderr naming the variable', () => {
  const cases: Array<[string, string[], Record<string, string>, string]> = [
    ['unknown region', [], { CONTENTSTACK_REGION: 'mars' }, 'CONTENTSTACK_REGION'],
    ['rate limit not a number', [], { PERSONALIZE_RATE_LIMIT: 'fast' }, 'PERSONALIZE_RATE_LIMIT'],
    ['rate limit zero', [], { PERSONALIZE_RATE_LIMIT: '0' }, 'PERSONALIZE_RATE_LIMIT'],
    ['rate limit by flag', ['--rate-limit', '-3'], {}, 'PERSONALIZE_RATE_LIMIT'],
    ['confirm mode', [], { PERSONALIZE_CONFIRM: 'sometimes' }, 'PERSONALIZE_CONFIRM'],
    ['unknown toolset', [], { PERSONALIZE_TOOLSETS: 'experiences,nope' }, 'PERSONALIZE_TOOLSETS'],
    ['read-only boolean', [], { PERSONALIZE_READ_ONLY: 'perhaps' }, 'PERSONALIZE_READ_ONLY'],
    ['sandbox boolean', [], { PERSONALIZE_SANDBOX: 'maybe' }, 'PERSONALIZE_SANDBOX'],
    ['API URL not a URL', [], { PERSONALIZE_API_URL: 'not a url' }, 'PERSONALIZE_API_URL'],
    ['API URL not http', [], { PERSONALIZE_API_URL: 'ftp://example.com' }, 'PERSONALIZE_API_URL'],
    ['Edge URL', [], { PERSONALIZE_EDGE_URL: 'edge' }, 'PERSONALIZE_EDGE_URL'],
    ['transport', [], { MCP_TRANSPORT: 'pigeon' }, 'MCP_TRANSPORT'],
    ['project uid', [], { PERSONALIZE_PROJECT_UID: 'not a uid!' }, 'PERSONALIZE_PROJECT_UID'],
    ['unknown flag', ['--frobnicate'], {}, '--frobnicate'],
    ['flag without its value', ['--region'], {}, '--region'],
    ['bad flag value', ['--region=atlantis'], {}, 'CONTENTSTACK_REGION'],
    ['log level', [], { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    ['authtoken with a line break', [], { CONTENTSTACK_AUTHTOKEN: 'cli-test-token\n91ab' }, 'CONTENTSTACK_AUTHTOKEN'],
    ['OAuth token with a control character', [], { CONTENTSTACK_OAUTH_TOKEN: 'oauth\u0007token-abc' }, 'CONTENTSTACK_OAUTH_TOKEN'],
    ['API URL with userinfo', [], { PERSONALIZE_API_URL: 'ftp://admin:hunter2-api-secret@example.com' }, 'PERSONALIZE_API_URL'],
    ['Redis URL with userinfo', [], { REDIS_URL: 'http://admin:hunter2-redis-secret@redis.example' }, 'REDIS_URL'],
  ];

  // Every case goes through loadConfig in-process, where the CLI gets its message; a few also run as the CLI, which
  // prints any ConfigError the same way (one line, exit 2), so a Node start-up per case would prove nothing more.
  const THROUGH_THE_CLI = new Set(['unknown region', 'unknown flag', 'authtoken with a line break', 'Redis URL with userinfo']);
  const runs = new Map<string, Run>();
  beforeAll(async () => {
    await Promise.all(cases.filter((c) => THROUGH_THE_CLI.has(c[0])).map(async (c) => runs.set(c[0], await cli(c[1], { ...CREDS, ...c[2] }))));
  });

  it.each(cases)('%s (loadConfig)', (_label, args, env, names) => {
    let message = '';
    try {
      loadConfig(args, { ...CREDS, ...env });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain(names);
    expect(message).not.toMatch(/\n|hunter2/);
    expect(message).not.toContain(CREDS.CONTENTSTACK_AUTHTOKEN);
  });

  it.each(cases.filter((c) => THROUGH_THE_CLI.has(c[0])))('%s (the CLI)', (label, _args, _env, names) => {
    const run = runs.get(label)!;
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.endsWith('\n')).toBe(true);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(names);
    expect(run.stderr).not.toContain('    at ');
    expect(run.stderr).not.toContain(CREDS.CONTENTSTACK_AUTHTOKEN);
    expect(run.stderr).not.toMatch(/hunter2/);
  });

  it('no credentials and no --sandbox: names both token variables and --sandbox', async () => {
    const run = await cli([], {});
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('CONTENTSTACK_OAUTH_TOKEN');
    expect(run.stderr).toContain('CONTENTSTACK_AUTHTOKEN');
    expect(run.stderr).toContain('--sandbox');
  });

  it('--version prints the package version on stdout and exits 0', async () => {
    const run = await cli(['--version'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
    expect(run.stderr).toBe('');
  });

  it('--help prints every variable to stdout and exits 0', async () => {
    const run = await cli(['--help'], {});
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const name of [
      'CONTENTSTACK_REGION',
      'CONTENTSTACK_AUTHTOKEN',
      'CONTENTSTACK_OAUTH_TOKEN',
      'CONTENTSTACK_ORGANIZATION_UID',
      'PERSONALIZE_PROJECT_UID',
      'PERSONALIZE_API_URL',
      'PERSONALIZE_EDGE_URL',
      'PERSONALIZE_RATE_LIMIT',
      'PERSONALIZE_READ_ONLY',
      'PERSONALIZE_TOOLSETS',
      'PERSONALIZE_CONFIRM',
      'PERSONALIZE_SANDBOX',
      'LOG_LEVEL',
      'MCP_MAX_SESSIONS',
      'MCP_MAX_SESSIONS_PER_MEMBER',
      'PERSONALIZE_MAX_RESULT_BYTES',
      'PERSONALIZE_SANDBOX_SEED',
    ])
      expect(run.stdout).toContain(name);
    expect(run.stdout).toContain('--sandbox');
    expect(run.stdout).toContain('--version');
  });

  it('valid settings start the server, which exits cleanly when stdin closes, writing nothing to stdout', async () => {
    const run = await cli(['--read-only', '--toolsets=geo'], { ...CREDS, CONTENTSTACK_REGION: 'EU', PERSONALIZE_API_URL: 'http://127.0.0.1:9' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    // stdin is not a terminal: a client started it, so no line for a person.
    expect(run.stderr).not.toContain('waiting for an MCP client');
  });

  // util-linux `script` (Debian's essential bsdutils) gives the server a terminal on stdin, and ends it at once: its own stdin is empty.
  it('started by hand in a terminal, it says in one plain line that it waits for a client, and how to try it', async () => {
    const run = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', `"${process.execPath}" "${ENTRY}" --sandbox`, '/dev/null'], {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(timer);
        resolve(out);
      });
    });
    const lines = run.split(/\r?\n/).filter((l) => l.includes('waiting for an MCP client'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('npx -y @modelcontextprotocol/inspector@0.14.3 --cli npx -y contentstack-personalize-mcp --sandbox --method tools/list');
  });
});

describe('loadConfig', () => {
  const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(argv, env);

  it('accepts region names in any case with _ or -, and the aliases', () => {
    expect(load([], { CONTENTSTACK_REGION: 'us' }).region).toBe('na');
    expect(load([], { CONTENTSTACK_REGION: 'AWS_NA' }).region).toBe('na');
    expect(load([], { CONTENTSTACK_REGION: 'aws-eu' }).region).toBe('eu');
    expect(load([], { CONTENTSTACK_REGION: 'Azure-EU' }).region).toBe('azure-eu');
    expect(load([], { CONTENTSTACK_REGION: 'GCP_NA' }).region).toBe('gcp-na');
    expect(load([], { CONTENTSTACK_REGION: ' au ' }).region).toBe('au');
  });

  it('takes the sandbox seed from PERSONALIZE_SANDBOX_SEED, --personalize-sandbox-seed or --sandbox-seed, else the fixed default', () => {
    expect(load([]).sandboxSeed).toBe('demo');
    expect(load([], { PERSONALIZE_SANDBOX_SEED: 'team-a' }).sandboxSeed).toBe('team-a');
    expect(load(['--personalize-sandbox-seed', 'team-b'], { PERSONALIZE_SANDBOX_SEED: 'team-a' }).sandboxSeed).toBe('team-b');
    expect(load(['--sandbox', '--sandbox-seed=team-c']).sandboxSeed).toBe('team-c');
  });

  it('takes the sandbox OAuth token lifetime from PERSONALIZE_SANDBOX_OAUTH_TOKEN_TTL_S, a whole number of seconds', () => {
    expect(load([]).sandboxOAuthTokenTtlS).toBe(3600);
    expect(load([], { PERSONALIZE_SANDBOX_OAUTH_TOKEN_TTL_S: '5' }).sandboxOAuthTokenTtlS).toBe(5);
    expect(() => load([], { PERSONALIZE_SANDBOX_OAUTH_TOKEN_TTL_S: '0.5' })).toThrow('PERSONALIZE_SANDBOX_OAUTH_TOKEN_TTL_S must be a whole number from 1 to 86400, not "0.5".');
  });

  it('derives the URLs from the region unless overridden, and strips a trailing slash', () => {
    const eu = load([], { CONTENTSTACK_REGION: 'eu' });
    expect(eu.apiUrl).toBe(REGIONS.eu.api);
    expect(eu.edgeUrl).toBe(REGIONS.eu.edge);
    const custom = load([], { CONTENTSTACK_REGION: 'eu', PERSONALIZE_API_URL: 'http://localhost:4000/' });
    expect(custom.apiUrl).toBe('http://localhost:4000');
    expect(custom.edgeUrl).toBe(REGIONS.eu.edge);
  });

  it('has the documented defaults', () => {
    const c = load([]);
    expect(c).toMatchObject({ region: 'na', rateLimit: 10, readOnly: false, confirm: 'auto', sandbox: false, logLevel: 'info', transport: 'stdio', maxResultBytes: 262_144 });
    expect(c.toolsets).toEqual([...TOOLSETS]);
    expect(c.apiUrl).toBe(REGIONS.na.api);
  });

  it('flags win over the environment', () => {
    const env = { CONTENTSTACK_REGION: 'eu', PERSONALIZE_RATE_LIMIT: '5', PERSONALIZE_READ_ONLY: 'true', PERSONALIZE_CONFIRM: 'token' };
    const c = load(['--region', 'au', '--rate-limit=3', '--read-only=false', '--personalize-confirm', 'none'], env);
    expect(c).toMatchObject({ region: 'au', rateLimit: 3, readOnly: false, confirm: 'none' });
    expect(load([], env)).toMatchObject({ region: 'eu', rateLimit: 5, readOnly: true, confirm: 'token' });
  });

  it('takes both --flag=value and --flag value, long kebab names and short forms', () => {
    expect(load(['--region=azure-na']).region).toBe('azure-na');
    expect(load(['--region', 'azure-na']).region).toBe('azure-na');
    expect(load(['--contentstack-region', 'gcp-eu']).region).toBe('gcp-eu');
    expect(load(['--contentstack-region=gcp-eu']).region).toBe('gcp-eu');
    expect(load(['--toolsets', 'Geo, experiences']).toolsets).toEqual(['experiences', 'geo']);
    expect(load(['--project-uid', 'abc123']).projectUid).toBe('abc123');
    expect(load(['--personalize-max-result-bytes', '65536']).maxResultBytes).toBe(65_536);
    // A token value that contains '=' keeps everything after the first one.
    expect(load(['--authtoken=a=b=c']).authtoken).toBe('a=b=c');
  });

  it('boolean flags need no value; a bare flag means true', () => {
    expect(load(['--read-only']).readOnly).toBe(true);
    expect(load(['--sandbox']).sandbox).toBe(true);
    expect(load(['--personalize-read-only']).readOnly).toBe(true);
    expect(load(['--read-only=off']).readOnly).toBe(false);
    expect(load([], { PERSONALIZE_READ_ONLY: 'YES' }).readOnly).toBe(true);
    expect(load(['--http']).transport).toBe('http');
  });

  it('MCP_MAX_SESSIONS_PER_MEMBER: 20 by default, from the variable or its --kebab-case flag, a whole number', () => {
    expect(load([]).http.maxSessionsPerMember).toBe(20);
    expect(load([], { MCP_MAX_SESSIONS_PER_MEMBER: '3' }).http.maxSessionsPerMember).toBe(3);
    expect(load(['--mcp-max-sessions-per-member', '5'], { MCP_MAX_SESSIONS_PER_MEMBER: '3' }).http.maxSessionsPerMember).toBe(5);
    expect(() => load([], { MCP_MAX_SESSIONS_PER_MEMBER: '0' })).toThrow(/^MCP_MAX_SESSIONS_PER_MEMBER must be a whole number/);
  });

  it('treats an empty variable as unset', () => {
    expect(load([], { PERSONALIZE_CONFIRM: '', CONTENTSTACK_REGION: '' })).toMatchObject({ confirm: 'auto', region: 'na' });
  });

  it('throws one ConfigError sentence naming the variable for each bad value', () => {
    const bad: Array<[Record<string, string>, string]> = [
      [{ CONTENTSTACK_REGION: 'moon' }, 'CONTENTSTACK_REGION'],
      [{ PERSONALIZE_RATE_LIMIT: 'NaN' }, 'PERSONALIZE_RATE_LIMIT'],
      [{ PERSONALIZE_RATE_LIMIT: '5000' }, 'PERSONALIZE_RATE_LIMIT'],
      [{ PERSONALIZE_CONFIRM: 'yes' }, 'PERSONALIZE_CONFIRM'],
      [{ PERSONALIZE_TOOLSETS: 'everything' }, 'PERSONALIZE_TOOLSETS'],
      [{ PERSONALIZE_TOOLSETS: ' , ' }, 'PERSONALIZE_TOOLSETS'],
      [{ PERSONALIZE_READ_ONLY: '2' }, 'PERSONALIZE_READ_ONLY'],
      [{ PERSONALIZE_EDGE_URL: 'javascript:alert(1)' }, 'PERSONALIZE_EDGE_URL'],
      [{ PERSONALIZE_MAX_RESULT_BYTES: '1kb' }, 'PERSONALIZE_MAX_RESULT_BYTES'],
      [{ PERSONALIZE_MAX_RESULT_BYTES: '100' }, 'PERSONALIZE_MAX_RESULT_BYTES'],
    ];
    for (const [env, name] of bad) {
      let error: unknown;
      try {
        load([], env);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).not.toMatch(/\n/);
    }
  });

  it('assertCredentials: either token or the sandbox will do', () => {
    expect(() => assertCredentials(load([]))).toThrow(ConfigError);
    expect(() => assertCredentials(load([], { CONTENTSTACK_AUTHTOKEN: 'x' }))).not.toThrow();
    expect(() => assertCredentials(load([], { CONTENTSTACK_OAUTH_TOKEN: 'x' }))).not.toThrow();
    expect(() => assertCredentials(load(['--sandbox']))).not.toThrow();
  });
});
