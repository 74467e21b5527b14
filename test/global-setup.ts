import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The end-to-end tests (test/smoke.test.ts, test/config.test.ts, the raw stdio line of test/fuzz,
 * test/http, test/conformance) run the built dist/index.js. Before any test runs, this builds it once
 * when anything it is built from (src, tsconfig.json, package.json) is newer than it, so no test ever
 * runs a stale build; the in-process tests run src directly and need none.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT = join(ROOT, 'dist', 'index.js');

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function builtAt(): number {
  try {
    return statSync(BUILT).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'tsconfig.json')), newest(join(ROOT, 'package.json')));
  if (builtAt() >= sources) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = Date.now();
  try {
    execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const out = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run build failed, so the end-to-end tests cannot run:\n${String(out.stdout ?? '')}${String(out.stderr ?? '')}`);
  }
  console.log(`global setup: built dist/ (src was newer) in ${Date.now() - started} ms`);
}
