import type { SessionContext } from '../context.js';
import type { ToolHook } from '../server.js';
import type { ToolDef } from '../tools/define.js';
import { checkProjectAccess } from './access.js';
import type { AuditEntry } from './audit.js';

export interface HookOptions {
  audit: (entry: AuditEntry) => void;
  /** Awaited after each write before its result goes back (e.g. the replicas' cache invalidation). */
  afterWrite?: () => Promise<void>;
}

/** The project a call acts on, for its audit line: its projectUid, else the session's default for a project tool. */
export function callProject(def: ToolDef, args: Record<string, unknown>, ctx: SessionContext): string | undefined {
  return typeof args.projectUid === 'string' ? args.projectUid : 'projectUid' in def.input ? ctx.defaultProject : undefined;
}

/** Around every tool call of a hosted session: the project allow-list first, then one audit line per write. */
export function sessionHook(ctx: SessionContext, o: HookOptions): ToolHook {
  return async (def, args, call) => {
    const refused = checkProjectAccess(def, args, ctx);
    const result = refused ?? (await call());
    if (def.hints.readOnlyHint) return result;
    if (!refused) await o.afterWrite?.().catch(() => undefined);
    o.audit({ member: ctx.member?.name ?? 'local', tool: def.name, project: callProject(def, args, ctx), args, result, denied: Boolean(refused) });
    return result;
  };
}
