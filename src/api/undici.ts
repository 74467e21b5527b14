import { createRequire } from 'node:module';

/**
 * undici, loaded on first use rather than at start-up: its import is the largest part of this server's
 * start beyond the SDK's (~100 ms on a 2-core machine), and tools/list, the first answer a client waits for,
 * does not need it. The runtime warms it right after initialize (src/context.ts warm), so a first tool call
 * does not pay for it either. `import type` from 'undici' stays free: types are erased.
 */
let loaded: typeof import('undici') | undefined;
export function undici(): typeof import('undici') {
  loaded ??= createRequire(import.meta.url)('undici') as typeof import('undici');
  return loaded;
}
