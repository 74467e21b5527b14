import { connectSandboxServer } from './connect.js';
import { say } from './print.js';
import { tellStory } from './story.js';

async function main(): Promise<number> {
  say('Contentstack Personalize MCP: demo against the built-in sandbox (no account needed)');
  say('An MCP client spawns `node dist/index.js --sandbox` over stdio and calls its tools, as an assistant would.');
  const session = await connectSandboxServer();
  try {
    await tellStory(session);
    say('\nDone: every step succeeded.');
    return 0;
  } catch (err) {
    process.stderr.write(`\nDemo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    const log = session.stderr().trim();
    if (log) process.stderr.write(`Server stderr:\n${log}\n`);
    return 1;
  } finally {
    await session.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
