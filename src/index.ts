#!/usr/bin/env node
import { answerInfoFlag, terminalHint } from './cli.js';
import { assertCredentials, ConfigError, helpText, loadConfig, type Config } from './config.js';
import { createRuntime, createSessionContext, sessionOptionsFromConfig } from './context.js';
import { createLogger } from './log.js';
import { createServer } from './server.js';
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
  let sandboxOAuthUrl: string | undefined;

  if (config.sandbox) {
    const { SANDBOX_TOKEN, startSandbox } = await import('./sandbox/index.js');
    const sandbox = await startSandbox({ rateLimit: config.rateLimit, seed: config.sandboxSeed, oauth: { tokenTtlS: config.sandboxOAuthTokenTtlS } });
    closers.push(() => sandbox.close());
    config = {
      ...config,
      apiUrl: sandbox.url,
      edgeUrl: sandbox.edgeUrl,
      authtoken: SANDBOX_TOKEN,
      oauthToken: undefined,
      organizationUid: sandbox.demo.organizationUid,
      projectUid: config.projectUid ?? sandbox.demo.projectUid,
    };
    if (config.auth.mode === 'oauth') {
      // MCP_AUTH=oauth under --sandbox: the simulated Developer Hub's app, unless settings name another.
      const app = sandbox.oauth.app;
      config.auth = {
        ...config.auth,
        clientId: config.auth.clientId ?? app.clientId,
        clientSecret: config.auth.clientSecret ?? app.clientSecret,
        appUid: config.auth.appUid ?? app.appUid,
      };
      sandboxOAuthUrl = sandbox.oauth.url;
    }
    logger.info({ url: sandbox.url, oauthUrl: sandbox.oauth.url, project: sandbox.demo.projectUid }, 'sandbox Personalize running on loopback');
  }

  if (config.transport === 'http') {
    const code = await (await http()).runHttp(config, logger, members, sandboxOAuthUrl);
    for (const close of closers.reverse()) await close();
    return code;
  }

  const runtime = createRuntime(config, logger);
  closers.push(() => runtime.close());
  const ctx = createSessionContext(runtime, sessionOptionsFromConfig(config));
  const server = createServer(ctx);
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
