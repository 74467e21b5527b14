import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';

/** One team member from MCP_HTTP_TOKENS_FILE (docs/hosted-http.md). Only the token's SHA-256 is ever stored. */
export interface Member {
  name: string;
  tokenSha256: string;
  role: 'read' | 'write';
  /** When set, the only projects this member's calls may touch. */
  projects?: string[];
  credentials?: { authtoken?: string; oauthToken?: string; organizationUid?: string };
}

const UID = /^[A-Za-z0-9]{1,64}$/;
const HEX64 = /^[0-9a-f]{64}$/;

const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function parseMember(entry: unknown, i: number, file: string): Member {
  const where = `MCP_HTTP_TOKENS_FILE (${file}) entry ${i + 1}`;
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new ConfigError(`${where} must be an object with name, tokenSha256 and role.`);
  const e = entry as Record<string, unknown>;
  if (!str(e.name)) throw new ConfigError(`${where} needs a "name".`);
  const hash = typeof e.tokenSha256 === 'string' ? e.tokenSha256.trim().toLowerCase() : '';
  if (!HEX64.test(hash)) throw new ConfigError(`${where} ("${e.name}") needs "tokenSha256": the 64-hex-digit SHA-256 of the member's token, not the token itself.`);
  if (e.role !== 'read' && e.role !== 'write') throw new ConfigError(`${where} ("${e.name}") needs "role": "read" or "write".`);
  let projects: string[] | undefined;
  if (e.projects !== undefined) {
    if (!Array.isArray(e.projects) || e.projects.length === 0 || !e.projects.every((p) => typeof p === 'string' && UID.test(p))) {
      throw new ConfigError(`${where} ("${e.name}") has "projects" that is not a non-empty list of project uids.`);
    }
    projects = [...(e.projects as string[])];
  }
  let credentials: Member['credentials'];
  if (e.credentials !== undefined) {
    const c = e.credentials as Record<string, unknown> | null;
    if (!c || typeof c !== 'object' || (!str(c.authtoken) && !str(c.oauthToken))) {
      throw new ConfigError(`${where} ("${e.name}") has "credentials" without an "authtoken" or "oauthToken".`);
    }
    if (c.organizationUid !== undefined && !(typeof c.organizationUid === 'string' && UID.test(c.organizationUid))) {
      throw new ConfigError(`${where} ("${e.name}") has a "credentials.organizationUid" that is not an organization uid.`);
    }
    credentials = {
      authtoken: str(c.authtoken) ? c.authtoken.trim() : undefined,
      oauthToken: str(c.oauthToken) ? c.oauthToken.trim() : undefined,
      organizationUid: c.organizationUid as string | undefined,
    };
  }
  return { name: e.name.trim(), tokenSha256: hash, role: e.role, projects, credentials };
}

/** Reads and checks the tokens file; every problem is one sentence naming MCP_HTTP_TOKENS_FILE. */
export function loadMembers(file: string): Member[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'unreadable';
    throw new ConfigError(`MCP_HTTP_TOKENS_FILE (${file}) cannot be read (${code}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError(`MCP_HTTP_TOKENS_FILE (${file}) is not valid JSON.`);
  }
  if (!Array.isArray(data) || data.length === 0) throw new ConfigError(`MCP_HTTP_TOKENS_FILE (${file}) must be a non-empty JSON array of members.`);
  const members = data.map((e, i) => parseMember(e, i, file));
  assertDistinct(members, file);
  return members;
}

/**
 * Each member has a name and a token of their own: a shared token would make two people one session
 * owner, and a shared name would make the audit lines of two people indistinguishable.
 */
function assertDistinct(members: readonly Member[], file: string): void {
  const entry = (i: number) => `${i + 1} ("${members[i]!.name}")`;
  const byHash = new Map<string, number>();
  const byName = new Map<string, number>();
  members.forEach((m, i) => {
    const sameToken = byHash.get(m.tokenSha256);
    if (sameToken !== undefined) {
      throw new ConfigError(`MCP_HTTP_TOKENS_FILE (${file}) entries ${entry(sameToken)} and ${entry(i)} have the same tokenSha256: give each member a token of their own.`);
    }
    const sameName = byName.get(m.name);
    if (sameName !== undefined) {
      throw new ConfigError(`MCP_HTTP_TOKENS_FILE (${file}) entries ${entry(sameName)} and ${entry(i)} have the same name: give each member a name of their own.`);
    }
    byHash.set(m.tokenSha256, i);
    byName.set(m.name, i);
  });
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The member whose token hash matches the bearer token, or undefined. Every member is compared, in
 * constant time, so the answer's timing says nothing about which hash was close.
 */
export function authenticate(members: readonly Member[], authorization: string | undefined): Member | undefined {
  const token = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  const given = Buffer.from(sha256Hex(token), 'hex');
  let found: Member | undefined;
  for (const m of members) {
    if (timingSafeEqual(given, Buffer.from(m.tokenSha256, 'hex')) && !found) found = m;
  }
  return found;
}
