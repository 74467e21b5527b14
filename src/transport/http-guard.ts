import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);
const HOST_MEMO = 64;

/** True for names and addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** "host" or "host:port" as the Host header carries it, lower-cased; undefined when unparsable. */
function parseHost(value: string): { hostname: string; port: string } | undefined {
  try {
    const url = new URL(`http://${value.trim()}`);
    if (url.pathname !== '/' || url.username || url.search) return undefined;
    return { hostname: url.hostname.toLowerCase(), port: url.port };
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding protection (docs/hosted-http.md): the Host header must name this server — MCP_ALLOWED_HOSTS, or by
 * default the loopback names and the bind host — and an Origin header, when a browser sends one, must
 * be in MCP_ALLOWED_ORIGINS (none by default) or be this server's own origin: http(s)://<the allowed
 * Host it was sent to>. A same-origin request is not cross-site, and a rebound name fails the Host
 * check first. An allowed host with a port matches that port only.
 */
export class RequestGuard {
  private readonly hosts: Array<{ hostname: string; port: string }>;
  private readonly origins: Set<string>;
  /** Host header values already found allowed, as sent (the check parses a URL; each client sends the same one). */
  private readonly allowedHeaders = new Set<string>();

  /** `publicHost`: MCP_PUBLIC_URL's host (MCP_AUTH=oauth), allowed by default beside the loopback names. */
  constructor(bindHost: string, allowedHosts: readonly string[] | undefined, allowedOrigins: readonly string[] | undefined, publicHost?: string) {
    const names = allowedHosts ?? [
      ...LOOPBACK_NAMES,
      ...(WILDCARD.has(bindHost) ? [] : [bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost]),
      ...(publicHost ? [publicHost] : []),
    ];
    this.hosts = names.map(parseHost).filter((h): h is { hostname: string; port: string } => h !== undefined);
    this.origins = new Set((allowedOrigins ?? []).map(normalizeOrigin).filter((o): o is string => o !== undefined));
  }

  /** A reason to refuse with 403, or undefined when the request may go on. */
  check(headers: IncomingHttpHeaders): string | undefined {
    if (!this.hostAllowed(headers.host)) return 'Forbidden: this server does not answer to that Host header (MCP_ALLOWED_HOSTS).';
    const origin = headers.origin;
    if (origin !== undefined) {
      const normalized = normalizeOrigin(origin);
      if (!normalized || !(this.origins.has(normalized) || sameOrigin(normalized, headers.host!)))
        return 'Forbidden: requests from that Origin are not allowed (MCP_ALLOWED_ORIGINS).';
    }
    return undefined;
  }

  private hostAllowed(value: string | undefined): boolean {
    if (!value) return false;
    if (this.allowedHeaders.has(value)) return true;
    const host = parseHost(value);
    if (!host || !this.hosts.some((h) => h.hostname === host.hostname && (!h.port || h.port === host.port))) return false;
    // Only allowed values are kept, and few: an allowed name without a port matches any port.
    if (this.allowedHeaders.size < HOST_MEMO) this.allowedHeaders.add(value);
    return true;
  }
}

/** The Origin names the host and port the request was sent to (the Host header, already allowed). */
function sameOrigin(origin: string, host: string): boolean {
  const u = new URL(origin);
  return u.host === host.trim().toLowerCase() || u.host === new URL(`${u.protocol}//${host.trim()}`).host;
}

function normalizeOrigin(value: string): string | undefined {
  try {
    const origin = new URL(value.trim()).origin;
    return origin === 'null' ? undefined : origin.toLowerCase();
  } catch {
    return undefined;
  }
}
