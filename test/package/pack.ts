import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * This checkout's own cache, outside it (an install inside the repository would find the repository's
 * package.json and install there): a packed and installed package is reused while nothing it is made from changed.
 */
const CACHE = join(tmpdir(), 'contentstack-personalize-mcp-package-test', createHash('sha256').update(ROOT).digest('hex').slice(0, 12));

/** The files a fresh clone would have (tracked, plus new files not ignored), as git lists them. */
export function cloneFiles(): string[] {
  return execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
}

/** What the tarball and its install are made from: the sources, the build and package settings, and the shipped files. */
const PACKAGE_INPUT = /^(src\/|package\.json$|package-lock\.json$|tsconfig\.json$|README\.md$|LICENSE$|\.npmignore$)/;

/** A hash of the files of a fresh clone the packed tarball is made from (a change to a test does not repack). */
function inputsHash(files: string[]): string {
  const h = createHash('sha256');
  for (const f of files.filter((name) => PACKAGE_INPUT.test(name)).sort())
    h.update(f)
      .update('\0')
      .update(readFileSync(join(ROOT, f)))
      .update('\0');
  return h.digest('hex').slice(0, 16);
}

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

export interface Packed {
  /** The .tgz `npm pack` made in a clean copy of the repository. */
  tarball: string;
  /** An empty folder the tarball was then installed into (`npm install <tgz>`). */
  installed: string;
  /** Whether this run packed and installed, or found both cached for the same inputs. */
  fresh: boolean;
}

/**
 * `npm pack` in a clean copy (the files of a fresh clone, no dist/: `prepare` must build it), then the tarball
 * installed in an empty folder, from npm's cache when it has every package (as after `npm ci`), else the registry.
 * Cached in the temporary folder by a hash of what it is made from, so a second run with nothing changed takes no time.
 */
export function packAndInstall(): Packed {
  const files = cloneFiles();
  const dir = join(CACHE, inputsHash(files));
  const tarballDir = join(dir, 'tarball');
  const installed = join(dir, 'installed');
  if (existsSync(join(installed, 'node_modules', '.bin', 'contentstack-personalize-mcp'))) {
    return { tarball: join(tarballDir, readdirSync(tarballDir)[0]!), installed, fresh: false };
  }
  rmSync(CACHE, { recursive: true, force: true });
  const work = `${dir}.tmp`;
  const copy = join(work, 'clone');
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(ROOT, f), join(copy, f));
  }
  // The clone's `npm ci` would install the same lockfile: the dev tools `prepare` needs (tsc) come from here.
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  mkdirSync(join(work, 'tarball'));
  run('npm', ['pack', '--silent', '--pack-destination', join(work, 'tarball')], copy);
  const tgz = join(work, 'tarball', readdirSync(join(work, 'tarball'))[0]!);
  // An empty project of its own, so npm installs here and nowhere above it.
  mkdirSync(join(work, 'installed'));
  writeFileSync(join(work, 'installed', 'package.json'), '{ "name": "package-test", "private": true }\n');
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', tgz], join(work, 'installed'));
  rmSync(copy, { recursive: true, force: true });
  renameSync(work, dir);
  return { tarball: join(tarballDir, readdirSync(tarballDir)[0]!), installed, fresh: true };
}

/** The paths in a tarball (without the leading package/). */
export function tarballFiles(tarball: string): string[] {
  return run('tar', ['-tzf', tarball], ROOT)
    .split('\n')
    .filter(Boolean)
    .map((p) => p.replace(/^package\//, ''));
}
