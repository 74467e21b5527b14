import { SandboxError } from '../errors.js';

/** Edge errors carry `{ error: "<personalize.AREA.REASON>", message }` (docs/edge-api.md §7), no statusCode. */
export function edgeError(status: number, code: string, message: string): SandboxError {
  return new SandboxError(status, { error: code, message });
}
