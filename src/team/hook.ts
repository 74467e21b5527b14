import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SessionContext } from '../context.js';
import type { ToolHook } from '../server.js';
import { checkProjectAccess } from './access.js';
import { auditFacts, unreadFacts, type AuditEntry } from './audit.js';

export interface HookOptions {
  audit: (entry: AuditEntry) => void;
  /** Awaited after each write before its result goes back (e.g. the replicas' cache invalidation). */
  afterWrite?: () => Promise<void>;
}

const FAILED: CallToolResult = { isError: true, content: [{ type: 'text', text: 'The call failed before it returned a result.' }] };

/**
 * Around every tool call of a hosted session: the project allow-list first, then one audit line per write.
 * The line's facts are computed before anything is sent, and it is written whatever happens after.
 */
export function sessionHook(ctx: SessionContext, o: HookOptions): ToolHook {
  return async (def, args, call) => {
    if (args === undefined) {
      const result = await call();
      if (!def.hints.readOnlyHint) o.audit({ ...unreadFacts(ctx, def), result });
      return result;
    }
    if (def.hints.readOnlyHint) return checkProjectAccess(def, args, ctx) ?? call();
    const facts = auditFacts(ctx, def, args);
    let result: CallToolResult | undefined;
    let denied = false;
    try {
      const refused = checkProjectAccess(def, args, ctx);
      denied = refused !== undefined;
      result = refused ?? (await call());
      if (!denied) await o.afterWrite?.().catch(() => undefined);
      return result;
    } finally {
      o.audit({ ...facts, result: result ?? FAILED, denied });
    }
  };
}
