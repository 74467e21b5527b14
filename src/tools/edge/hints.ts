import type { Hints } from '../define.js';

/** Edge writes reach production visitor data and analytics (README "Tools": openWorldHint on Edge writes). */
export const EDGE_WRITE: Hints = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true };
export const EDGE_APPEND: Hints = { ...EDGE_WRITE, idempotentHint: false };
