import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, fetch } from 'undici';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import { InvalidClientMetadataError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { OAuthClientMetadataSchema, type OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Logger } from '../log.js';
import { hashOf, type Sealer } from './crypto.js';
import type { OAuthStore } from './store.js';

/** A registered client lives this long once a user signed in with it; one nobody signed in with, a day (registration spam). */
const CLIENT_TTL_MS = 90 * 86_400_000;
const UNUSED_CLIENT_TTL_MS = 86_400_000;
/** A registration's metadata, as stored (RFC 7591 sets no bound; real clients send well under 2 KB). */
const CLIENT_MAX_BYTES = 8 * 1024;
const REDIRECT_URI_MAX = 2000;
const DOCUMENT_TTL_MS = 5 * 60_000;
const DOCUMENT_MAX_BYTES = 64 * 1024;
const DOCUMENT_TIMEOUT_MS = 5_000;

type Resolve = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface ClientOptions {
  store: OAuthStore;
  sealer: Sealer;
  logger: Logger;
  /** How names are resolved (tests: a name that answers differently the second time). */
  resolve?: Resolve;
  /** Tests only: accept http://127.0.0.1 client ID metadata documents (the SDK's test client serves none over https). */
  allowLoopbackClientIds?: boolean;
}

/** Schemes a browser must never be redirected to with a code (the SDK's schema refuses javascript:, data: and vbscript:). */
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:', 'filesystem:']);

/**
 * MCP authorization spec, "Communication Security": a redirect URI is https or on localhost (an app's own scheme passes
 * too); never with a fragment (RFC 6749 §3.1.2), never one of the schemes above, bounded in length.
 */
function redirectAllowed(uri: string): boolean {
  if (uri.length > REDIRECT_URI_MAX || !URL.canParse(uri)) return false;
  const u = new URL(uri);
  if (u.hash || uri.includes('#') || UNSAFE_SCHEMES.has(u.protocol)) return false;
  return u.protocol !== 'http:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

/** Addresses a metadata document must never be fetched from (this host, private networks, link-local, metadata services). */
function isPrivate(address: string): boolean {
  const a = address.toLowerCase();
  if (isIP(a) === 4) {
    const [x, y] = a.split('.').map(Number) as [number, number];
    return (
      x === 0 ||
      x === 10 ||
      x === 127 ||
      (x === 169 && y === 254) ||
      (x === 172 && y >= 16 && y <= 31) ||
      (x === 192 && y === 168) ||
      (x === 100 && y >= 64 && y <= 127) ||
      x >= 224
    );
  }
  const h = hextets(a);
  if (!h) return true;
  const v4 = (hi: number, lo: number) => isPrivate(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  if (h.slice(0, 5).every((x) => x === 0) && (h[5] === 0 || h[5] === 0xffff)) return h[5] === 0xffff || h[6] === 0 || v4(h[6]!, h[7]!); // ::, ::1, IPv4-compatible, mapped
  if (h[0] === 0x64 && h[1] === 0xff9b && h.slice(2, 6).every((x) => x === 0)) return v4(h[6]!, h[7]!); // NAT64
  if (h[0] === 0x2002) return v4(h[1]!, h[2]!); // 6to4
  // Unique local fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast ff00::/8.
  return (h[0]! & 0xfe00) === 0xfc00 || (h[0]! & 0xffc0) === 0xfe80 || (h[0]! & 0xffc0) === 0xfec0 || (h[0]! & 0xff00) === 0xff00;
}

/** An IPv6 address as its eight 16-bit groups (a dotted IPv4 tail as two), or undefined when it is not one. */
function hextets(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [p, q, r, t] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((p << 8) | q).toString(16)}:${((r << 8) | t).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((x) => Number.parseInt(x, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The clients this server knows (RFC 7591 registration, with the SDK's handler) and client ID metadata documents
 * (a client_id that is an https URL: the document there is the registration). A registered client's secret is
 * kept sealed; the SDK's handler returns it to the client once, at registration.
 */
export class Clients implements OAuthRegisteredClientsStore {
  private readonly resolve: Resolve;
  /** Checks the addresses a connection is about to use, at connect time: what was checked is what is connected to (DNS rebinding). */
  private readonly publicOnly: Agent;

  constructor(private readonly o: ClientOptions) {
    this.resolve = o.resolve ?? ((hostname) => lookup(hostname, { all: true }));
    this.publicOnly = new Agent({
      connect: {
        lookup: (hostname, options, callback) => {
          this.publicAddresses(hostname).then(
            (addresses) => ((options as { all?: boolean }).all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family)),
            (err: Error) => callback(err, ''),
          );
        },
      },
    });
  }

  private async publicAddresses(hostname: string): Promise<Array<{ address: string; family: number }>> {
    const addresses = isIP(hostname) ? [{ address: hostname, family: isIP(hostname) }] : await this.resolve(hostname);
    if (!addresses.length || addresses.some((a) => isPrivate(a.address))) throw new Error('client_id names a private or loopback address');
    return addresses;
  }

  async getClient(clientId: string): Promise<OAuthClientInformationFull | undefined> {
    if (/^https?:\/\//i.test(clientId)) return clientId.length <= 2048 ? this.fromDocument(clientId) : undefined;
    if (clientId.length > 200) return undefined;
    const text = await this.o.store.get(`client:${clientId}`);
    if (!text) return undefined;
    const stored = JSON.parse(text) as OAuthClientInformationFull;
    if (!stored.client_secret) return stored;
    const secret = this.o.sealer.open(stored.client_secret, `client:${clientId}`);
    return secret ? { ...stored, client_secret: secret } : undefined;
  }

  async registerClient(client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'> & { client_id?: string }): Promise<OAuthClientInformationFull> {
    const full = client as OAuthClientInformationFull;
    if (!full.client_id) throw new InvalidClientMetadataError('The server assigns client ids.');
    if (full.redirect_uris.length === 0 || full.redirect_uris.length > 10) throw new InvalidClientMetadataError('redirect_uris must list 1 to 10 URIs.');
    const plain = full.redirect_uris.find((u) => !redirectAllowed(u));
    if (plain) {
      throw new InvalidClientMetadataError(
        `redirect_uri ${plain.slice(0, 200)} must use https (or http on localhost only, or an app's own scheme), have no fragment, and be at most ${REDIRECT_URI_MAX} characters.`,
      );
    }
    const stored = JSON.stringify({ ...full, client_secret: full.client_secret && this.o.sealer.seal(full.client_secret, `client:${full.client_id}`) });
    if (Buffer.byteLength(stored) > CLIENT_MAX_BYTES) throw new InvalidClientMetadataError(`The client metadata must be at most ${CLIENT_MAX_BYTES} bytes.`);
    await this.o.store.set(`client:${full.client_id}`, stored, UNUSED_CLIENT_TTL_MS);
    this.o.logger.info({ client: full.client_id.slice(0, 8), name: full.client_name?.slice(0, 60) }, 'OAuth client registered');
    return full;
  }

  /** A user signed in with this client: its registration is kept (a registered client; a metadata document is fetched again anyway). */
  async used(clientId: string): Promise<void> {
    if (!/^https?:\/\//i.test(clientId)) await this.o.store.touch(`client:${clientId}`, CLIENT_TTL_MS);
  }

  /** A client ID metadata document: fetched once per 5 minutes, at most 64 KB within 5 s, checked before use. */
  private async fromDocument(url: string): Promise<OAuthClientInformationFull | undefined> {
    const key = `client-document:${hashOf(url)}`;
    const cached = await this.o.store.get(key);
    if (cached) return JSON.parse(cached) as OAuthClientInformationFull;
    const client = await this.fetchDocument(url).catch((err: unknown) => {
      this.o.logger.info({ clientId: url.slice(0, 200), reason: err instanceof Error ? err.message : String(err) }, 'client ID metadata document refused');
      return undefined;
    });
    if (client) await this.o.store.set(key, JSON.stringify(client), DOCUMENT_TTL_MS);
    return client;
  }

  private async fetchDocument(clientId: string): Promise<OAuthClientInformationFull> {
    const url = new URL(clientId);
    const loopbackAllowed = this.o.allowLoopbackClientIds && url.protocol === 'http:' && url.hostname === '127.0.0.1';
    if (!loopbackAllowed) {
      if (url.protocol !== 'https:' || url.username || url.password || url.hash || url.pathname === '/') throw new Error('client_id must be an https URL with a path');
      // Refused early when the name already says so; checked again at connect time (publicOnly).
      await this.publicAddresses(url.hostname);
    }
    const res = await fetch(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(DOCUMENT_TIMEOUT_MS),
      headers: { accept: 'application/json' },
      ...(loopbackAllowed ? {} : { dispatcher: this.publicOnly }),
    }).catch((err: Error) => {
      // undici wraps the connect-time refusal: its cause says why.
      throw err.cause instanceof Error ? err.cause : err;
    });
    if (res.status !== 200) throw new Error(`document answered ${res.status}`);
    if (Number(res.headers.get('content-length') ?? 0) > DOCUMENT_MAX_BYTES) throw new Error('document too large');
    const text = await readCapped(res, DOCUMENT_MAX_BYTES);
    const doc = JSON.parse(text) as Record<string, unknown>;
    if (doc.client_id !== clientId) throw new Error("the document's client_id is not its URL");
    const parsed = OAuthClientMetadataSchema.safeParse(doc);
    if (!parsed.success || parsed.data.redirect_uris.length === 0) throw new Error('the document has no valid redirect_uris');
    if (!parsed.data.redirect_uris.every(redirectAllowed)) throw new Error('a redirect_uri uses plain http off localhost, a fragment, or a scheme refused for redirects');
    const method = parsed.data.token_endpoint_auth_method ?? 'none';
    if (method !== 'none') throw new Error(`token_endpoint_auth_method ${method} is not supported for metadata documents (use none)`);
    if ('client_secret' in doc) throw new Error('a metadata document must not hold a client_secret');
    const client = { ...parsed.data, token_endpoint_auth_method: 'none', client_id: clientId };
    // Cached as a registration is stored, and held to the same bound.
    if (Buffer.byteLength(JSON.stringify(client)) > CLIENT_MAX_BYTES) throw new Error(`the document's metadata is over ${CLIENT_MAX_BYTES} bytes`);
    return client;
  }
}

async function readCapped(res: { body: { getReader(): ReadableStreamDefaultReader<Uint8Array> } | null }, cap: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > cap) {
      await reader.cancel();
      throw new Error('document too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
