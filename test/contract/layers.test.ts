import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Each source file with the top-level parts of src it imports (`rules`, `api`, `context.ts`…). */
const imports = files(SRC).map((file) => {
  const from = relative(SRC, file).split('/')[0]!;
  const targets = [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) =>
    relative(SRC, join(file, '..', m[1]!))
      .split('/')[0]!
      .replace(/\.js$/, '.ts'),
  );
  return { file: relative(SRC, file), from, targets: [...new Set(targets)].filter((t) => t !== from) };
});

/** The layers of docs/architecture.md: what each part of src may import. */
const ALLOWED: Record<string, string[]> = {
  rules: ['geo', 'bounds'],
  geo: ['rules', 'bounds'],
  bounds: [],
  api: ['bounds', 'log.ts', 'secrets.ts'],
  sandbox: ['rules', 'geo', 'api', 'bounds'],
  stats: [],
  oauth: ['api', 'config.ts', 'context.ts', 'team', 'log.ts', 'secrets.ts'],
};
const NEVER: Record<string, string[]> = {
  tools: ['sandbox', 'transport', 'team', 'bench', 'demo'],
  resources: ['sandbox', 'transport', 'team', 'bench', 'demo'],
  prompts: ['sandbox', 'transport', 'team', 'bench', 'demo'],
};

describe('layers (docs/architecture.md)', () => {
  it('pure and low layers import only what the table allows', () => {
    const broken = imports.filter((i) => ALLOWED[i.from] && i.targets.some((t) => !ALLOWED[i.from]!.includes(t)));
    expect(broken.map((i) => `${i.file} imports ${i.targets.filter((t) => !ALLOWED[i.from]!.includes(t)).join(', ')}`)).toEqual([]);
  });

  it('tools, resources and prompts never reach into the sandbox or the transports', () => {
    const broken = imports.filter((i) => NEVER[i.from] && i.targets.some((t) => NEVER[i.from]!.includes(t)));
    expect(broken.map((i) => i.file)).toEqual([]);
  });

  it('nothing outside bench and demo imports them (they are not shipped)', () => {
    const broken = imports.filter((i) => !['bench', 'demo'].includes(i.from) && i.targets.some((t) => t === 'bench' || t === 'demo'));
    expect(broken.map((i) => i.file)).toEqual([]);
  });

  it('the rule language does no I/O', () => {
    const io = files(join(SRC, 'rules')).filter((f) => /from 'node:(fs|http|https|net|child_process)'|from 'undici'/.test(readFileSync(f, 'utf8')));
    expect(io.map((f) => relative(SRC, f))).toEqual([]);
  });
});
