import { spawn, type ChildProcess } from 'node:child_process';

export interface Launched {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Everything the process wrote (stderr, then stdout). */
  output(): string;
}

/**
 * `node <entry> --http …` (entry: the built dist/index.js) on a port the OS picks (MCP_HTTP_PORT=0), as an operator runs it;
 * resolves once it logged the URL it listens on. One that never does within 20 s is killed, not left
 * running. The bench and the HTTP tests both start servers this way.
 */
export async function launchHttpServer(entry: string, env: Record<string, string>, args: string[] = []): Promise<Launched> {
  const child = spawn(process.execPath, [entry, '--http', ...args], {
    env: { PATH: process.env.PATH ?? '', MCP_HTTP_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${stderr}`));
    }, 20_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /"url":"(http:\/\/[^"]+\/mcp)"/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  return { url, child, exited, output: () => stderr + stdout };
}
