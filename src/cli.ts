import { readFileSync } from 'node:fs';

/** The version in package.json (shipped beside dist/ in every install, and one level above src/ and dist/). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Inspector 0.14.3 is the last release that runs on Node 20 (0.15.0 fails there; 0.16.0 on need Node 22). */
export const INSPECTOR = '@modelcontextprotocol/inspector@0.14.3';

/**
 * `--version` and `--help` answer on stdout, as command-line programs do, and exit 0. The only writes to stdout
 * outside bench and demo (test/contract/stdout.test.ts allows this file): they happen before any MCP transport
 * exists, so they can never mix with MCP messages.
 */
export function answerInfoFlag(argv: string[], help: () => string): boolean {
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${packageVersion()}\n`);
    return true;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help());
    return true;
  }
  return false;
}

/** The one line a person who started the server by hand in a terminal sees: it waits for a client, and how to try it. */
export function terminalHint(sandbox: boolean): string {
  const args = sandbox ? 'npx -y contentstack-personalize-mcp --sandbox' : 'npx -y contentstack-personalize-mcp';
  return `contentstack-personalize-mcp is an MCP server: it is waiting for an MCP client on stdin/stdout (press Ctrl+C to stop). To try it: npx -y ${INSPECTOR} --cli ${args} --method tools/list\n`;
}
