import type { IncomingMessage } from 'node:http';
import type { SandboxError } from './errors.js';

/**
 * A request body parsed as JSON whatever its content type (the Edge SDK sends none); undefined when
 * empty. `malformed` is the API's own error for a body that is not JSON.
 */
export async function readJsonBody(req: IncomingMessage, malformed: () => SandboxError): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw malformed();
  }
}
