#!/usr/bin/env node
import { answerInfoFlag, terminalHint } from './cli.js';
import { assertCredentials, ConfigError, helpText, loadConfig, type Config } from './config.js';
import { createLogger } from './log.js';
import { createLazyServer } from './server.js';
import { serveStdio } from './transport/stdio.js';
import type { Member } from './team/members.js';

// The sandbox and the HTTP transport load only when used: a stdio user's start-up never pays for them.
const http = () => import('./transport/http-run.js');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (answerInfoFlag(argv, helpText)) return 0;
  let config: Config;
  let members: Member[] | undefined;
  try {
    config = loadConfig(argv, process.env);
    if (config.transport === 'http') members = (await http()).prepareHttp(config);
    else assertCredentials(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`contentstack-personalize-mcp: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const closers: Array<() => Promise<void>> = [];

  /** With --http and MCP_AUTH=oauth, the simulated Developer Hub (src/sandbox/oauth) the connector signs in at. */
  let sandboxOAuthUrl: string | undefined;

  /** The simulator on loopback, and the configuration pointed at it. */
  const withSandbox = async (c: Config): Promise<Config> => {
    const { SANDBOX_TOKEN, startSandbox } = await import('./sandbox/index.js');
    const sandbox = await startSandbox({ rateLimit: c.rateLimit, seed: c.sandboxSeed, oauth: { tokenTtlS: c.sandboxOAuthTokenTtlS } });
    closers.push(() => sandbox.close());
    logger.info({ url: sandbox.url, oauthUrl: sandbox.oauth.url, project: sandbox.demo.projectUid }, 'sandbox Personalize running on loopback');
    let auth = c.auth;
    if (auth.mode === 'oauth') {
      // MCP_AUTH=oauth under --sandbox: the simulated Developer Hub's app, unless settings name another.
      const app = sandbox.oauth.app;
      auth = { ...auth, clientId: auth.clientId ?? app.clientId, clientSecret: auth.clientSecret ?? app.clientSecret, appUid: auth.appUid ?? app.appUid };
      sandboxOAuthUrl = sandbox.oauth.url;
    }
    return {
      ...c,
      auth,
      apiUrl: sandbox.url,
      edgeUrl: sandbox.edgeUrl,
      authtoken: SANDBOX_TOKEN,
      oauthToken: undefined,
      organizationUid: sandbox.demo.organizationUid,
      projectUid: c.projectUid ?? sandbox.demo.projectUid,
    };
  };

  if (config.transport === 'http') {
    const served = config.sandbox ? await withSandbox(config) : config;
    const code = await (await http()).runHttp(served, logger, members, sandboxOAuthUrl);
    for (const close of closers.reverse()) await close();
    return code;
  }

  // initialize and tools/list need no context: it (and with --sandbox the simulator it points at) is made just
  // after initialize, or by the first request that needs it (src/server.ts createLazyServer).
  const server = createLazyServer({ toolsets: config.toolsets, readOnly: config.readOnly }, logger, async () => {
    const c = config.sandbox ? await withSandbox(config) : config;
    const { createRuntime, createSessionContext, sessionOptionsFromConfig } = await import('./context.js');
    const runtime = createRuntime(c, logger);
    closers.push(() => runtime.close());
    return createSessionContext(runtime, sessionOptionsFromConfig(c));
  });
  // A person who ran the command by hand sees what it is waiting for; a client (stdin a pipe) never gets this line.
  if (process.stdin.isTTY) process.stderr.write(terminalHint(config.sandbox));
  await serveStdio(server);
  await server.close();
  for (const close of closers.reverse()) await close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`contentstack-personalize-mcp: ${err instanceof Error ? err.message : String(err)}\n`);
    // A setting found wrong only once used (a port in use) exits as the others do, when loaded.
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
