import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
/** Over stdio, stdout carries MCP messages only: the SDK's stdio transport writes them; bench and demo are programs of their own. */
// cli.ts writes --version and --help, before any transport exists, and nothing else (issue 13; SPEC §2).
const MAY_WRITE_STDOUT = [/^bench\//, /^demo\//, /^cli\.ts$/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('stdout', () => {
  it('no server code writes to stdout (logs go to stderr through pino)', () => {
    const writers = files(SRC)
      .map((f) => relative(SRC, f))
      .filter((f) => !MAY_WRITE_STDOUT.some((re) => re.test(f)))
      .filter((f) => /process\.stdout|console\.(log|info|debug|trace|dir|table)\(|pino\.destination\(1\)/.test(readFileSync(join(SRC, f), 'utf8')));
    expect(writers).toEqual([]);
  });

  it('cli.ts writes to stdout exactly twice: --version and --help', () => {
    const cli = readFileSync(join(SRC, 'cli.ts'), 'utf8');
    expect(cli.match(/process\.stdout\.write\(/g)).toHaveLength(2);
    expect(cli).not.toMatch(/console\.|pino\.destination\(1\)/);
  });
});
