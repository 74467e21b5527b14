import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../dist/demo/run.js', import.meta.url));

/** npm run demo (its built script; the global setup built dist/): the story in plain language, end to end. */
describe('npm run demo', () => {
  it('tells the story in rule text and English, and shows what a visitor gets before and after the activation', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [DEMO], { env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
      ),
    );
    expect(out).toContain('rules:      country = "CA" and membership_tier = "gold"');
    expect(out).toContain('in English: Visitors in Canada whose membership tier is "gold"');
    expect(out).not.toMatch(/COUNTRY =|"__type"|RuleCombination/);
    const before = out.indexOf('Before it goes live');
    const after = out.indexOf('After activation');
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(before);
    expect(out.slice(before, after)).not.toContain('Gold member welcome: "Gold welcome banner"');
    expect(out.slice(after)).toContain('Gold member welcome: "Gold welcome banner"');
    expect(out).toContain('Done: every step succeeded.');
  });
});
