import { expect } from 'vitest';
import { demoProject, text, type Stack } from '../helpers/harness.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export interface ManifestOut {
  projectUid: string;
  userUid: string;
  experiences: Array<{ shortUid: string; variantShortUid: string | null; alias?: string; experienceUid?: string; experienceName?: string; variantName?: string }>;
  variantParam: string;
  aliases: string[];
  notes?: string[];
}

export const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
export const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
/** In the sandbox's IP table: 203.0.113.x is "montreal,QC,CA" (region CA-QC); 198.51.100.x is "san francisco,CA,US" (US-CA). */
export const MONTREAL_IP = '203.0.113.25';
export const SAN_FRANCISCO_IP = '198.51.100.7';

/** Calls get_manifest and returns its structured result, failing the test with the tool's text on error. */
export async function manifest(stack: Stack, args: Record<string, unknown> = {}): Promise<ManifestOut> {
  const r = await stack.call('get_manifest', args);
  expect(r.isError, text(r)).toBeFalsy();
  return r.structuredContent as unknown as ManifestOut;
}

/** An experience of the demo project by name, read from the sandbox's own store. */
export function experience(sandbox: Sandbox, name: string) {
  const e = demoProject(sandbox).experiences.find((x) => x.name === name);
  if (!e) throw new Error(`no experience ${name}`);
  const live = e.versions.find((v) => v.status === 'ACTIVE') ?? e.versions[0]!;
  const variant = (variantName: string) => {
    const v = live.variants.find((x) => x.name === variantName);
    if (!v) throw new Error(`no variant ${variantName}`);
    return String(v.shortUid);
  };
  return { uid: e.uid, shortUid: e.shortUid, version: live, variant };
}

/** The variant a manifest gives for one experience (undefined: the experience is not listed). */
export function variantOf(m: ManifestOut, shortUid: string): string | null | undefined {
  return m.experiences.find((x) => x.shortUid === shortUid)?.variantShortUid;
}

/** GET /manifest on the sandbox Edge directly over HTTP, as a website would. */
export async function edgeManifest(sandbox: Sandbox, headers: Record<string, string>, query = ''): Promise<{ status: number; userUid: string | null; body: unknown }> {
  const res = await fetch(`${sandbox.edgeUrl}/manifest${query}`, { headers: { 'x-project-uid': sandbox.demo.projectUid, ...headers } });
  const body: unknown = res.status === 204 ? undefined : await res.json();
  return { status: res.status, userUid: res.headers.get('x-cs-personalize-user-uid'), body };
}
