import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random opaque token (256 bits), URL-safe: our codes, access and refresh tokens, states, PKCE verifiers. */
export const randomToken = () => randomBytes(32).toString('base64url');

/** What the store keys a token by: its SHA-256, so what the store holds cannot be replayed. */
export const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** RFC 7636 S256: BASE64URL(SHA256(verifier)). */
export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** Equal strings, compared in constant time (client secrets). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * AES-256-GCM with MCP_AUTH_ENCRYPTION_KEY (docs/hosted-http.md "Remote connector"): a fresh 96-bit IV per value,
 * the 128-bit tag checked on open; `aad` binds a sealed value to the record it belongs to, so a value copied
 * into another record does not open.
 */
export class Sealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  }

  seal(plain: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The plain text, or undefined when the value is not one this key sealed for this record. */
  open(sealed: string, aad: string): string | undefined {
    const [v, iv, body, tag] = sealed.split('.');
    if (v !== 'v1' || !iv || body === undefined || !tag) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
