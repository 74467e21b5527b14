import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config.js';
import { sessionOptionsFromConfig, type SessionOptions } from '../context.js';
import type { Member } from './members.js';

/** The per-user headers of docs/hosted-http.md; read once per session (per request when stateless), never logged. */
export const HEADERS = {
  authtoken: 'x-contentstack-authtoken',
  oauthToken: 'x-contentstack-oauth-token',
  organizationUid: 'x-contentstack-organization-uid',
  projectUid: 'x-personalize-project-uid',
} as const;

/** Why a session cannot be opened, told to the client (never echoing a header's value). */
export class IdentityError extends Error {
  override name = 'IdentityError';
}

const UID = /^[A-Za-z0-9]{1,64}$/;
const TOKEN = /^[\x21-\x7e]{1,4096}$/;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s : undefined;
}

function uidHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = header(headers, name);
  if (v !== undefined && !UID.test(v)) throw new IdentityError(`The ${name} header must be a uid (letters and digits only).`);
  return v;
}

function tokenHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = header(headers, name);
  if (v !== undefined && !TOKEN.test(v)) throw new IdentityError(`The ${name} header must be a token of printable characters without spaces.`);
  return v;
}

/**
 * What one session (or one stateless request) may do and as whom. Without a tokens file (loopback,
 * single user) it is exactly the process's own configuration. With one, the member's role and project
 * list apply, and credentials come from the file, else from the member's headers; only the sandbox
 * lends its own token to a member who brings none, so one member never acts as another.
 */
export function sessionOptionsFor(config: Config, member: Member | undefined, headers: IncomingHttpHeaders): SessionOptions {
  const base = sessionOptionsFromConfig(config);
  const confirmMode = config.http.stateless && (base.confirmMode === 'auto' || base.confirmMode === 'elicit') ? 'token' : base.confirmMode;
  if (!member) return { ...base, confirmMode, member: { name: 'local' } };

  const project = uidHeader(headers, HEADERS.projectUid);
  const headerOrg = uidHeader(headers, HEADERS.organizationUid);
  const fromHeaders = { authtoken: tokenHeader(headers, HEADERS.authtoken), oauthToken: tokenHeader(headers, HEADERS.oauthToken) };
  let credentials: SessionOptions['credentials'] = member.credentials ? { authtoken: member.credentials.authtoken, oauthToken: member.credentials.oauthToken } : fromHeaders;
  let organizationUid = member.credentials ? (member.credentials.organizationUid ?? headerOrg) : headerOrg;
  if (!credentials.authtoken && !credentials.oauthToken) {
    if (!config.sandbox) {
      throw new IdentityError(
        `Team member "${member.name}" has no Contentstack credentials in the tokens file: send X-Contentstack-OAuth-Token or X-Contentstack-Authtoken (and X-Contentstack-Organization-Uid) with the initialize request.`,
      );
    }
    credentials = base.credentials;
  }
  // The deployment's organization (CONTENTSTACK_ORGANIZATION_UID) unless the member names another: it keys
  // the shared rate limit, so members of one organization queue together.
  organizationUid ??= base.organizationUid;

  const allowed = member.projects;
  const envDefault = base.defaultProject && (!allowed || allowed.includes(base.defaultProject)) ? base.defaultProject : undefined;
  const defaultProject = project ?? envDefault ?? (allowed?.length === 1 ? allowed[0] : undefined);
  return {
    ...base,
    credentials,
    organizationUid,
    defaultProject,
    confirmMode,
    readOnly: base.readOnly || member.role === 'read',
    member: { name: member.name, projects: allowed },
  };
}
