import { createHash } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isObject } from '../bounds/json.js';
import { projectOf, type SessionContext } from '../context.js';
import type { Logger } from '../log.js';
import type { ToolDef } from '../tools/define.js';
import { canonicalJson } from '../safety/tokens.js';

export type Outcome = 'ok' | 'error' | 'confirmation_required' | 'denied';

/** What an audit line says of a call before it runs: who, which tool and project, which uids, which arguments. */
export interface AuditFacts {
  member: string;
  tool: string;
  project?: string;
  /** The uids the arguments name (`…Uid` arguments other than the project). */
  named: string[];
  /** Absent when the input was refused by its bounds: arguments that large or deep are not walked. */
  argsSha256?: string;
}

export interface AuditEntry extends AuditFacts {
  result: CallToolResult;
  denied?: boolean;
}

export function auditFacts(ctx: SessionContext, def: ToolDef, args: Record<string, unknown>): AuditFacts {
  return {
    member: ctx.member?.name ?? 'local',
    tool: def.name,
    project: projectOf(ctx, args, def),
    named: Object.entries(args)
      .filter(([k, v]) => k.endsWith('Uid') && k !== 'projectUid' && typeof v === 'string')
      .map(([, v]) => v as string),
    argsSha256: argsHash(args),
  };
}

/** The facts of a call whose input its bounds refused (src/tools/input-bounds.ts): who and which tool, nothing read from the arguments. */
export function unreadFacts(ctx: SessionContext, def: ToolDef): AuditFacts {
  return { member: ctx.member?.name ?? 'local', tool: def.name, project: undefined, named: [] };
}

/** The uids a write names plus the uid of what it created. */
export function targetUids(named: string[], result: CallToolResult): string[] {
  const uids = [...named];
  if (!result.isError && result.structuredContent) {
    for (const v of Object.values(result.structuredContent)) {
      const uid = (v as { uid?: unknown } | null)?.uid;
      if (isObject(v) && typeof uid === 'string' && !uids.includes(uid)) uids.push(uid);
    }
  }
  return uids;
}

export function outcomeOf(result: CallToolResult, denied = false): Outcome {
  if (denied) return 'denied';
  if (result.isError) return 'error';
  return (result.structuredContent as { status?: unknown } | undefined)?.status === 'confirmation_required' ? 'confirmation_required' : 'ok';
}

/** SHA-256 of the canonical arguments (the confirmation token left out): which call, without what it said. */
export function argsHash(args: Record<string, unknown>): string {
  const { confirmationToken: _token, ...rest } = args;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/**
 * One JSON line per write tool call on stderr (docs/hosted-http.md): time, member, tool, project, target uids,
 * outcome, argument hash. No argument values beyond uids, so no secret can reach it. Written at info
 * whatever LOG_LEVEL says (only `silent` silences it): an audit trail that a log level hides is none.
 */
export function createAuditLog(logger: Logger): (entry: AuditEntry) => void {
  const audit = logger.level === 'silent' ? logger : logger.child({ audit: true }, { level: 'info' });
  return (e) => {
    audit.info(
      {
        member: e.member,
        tool: e.tool,
        project: e.project,
        targets: targetUids(e.named, e.result),
        outcome: outcomeOf(e.result, e.denied),
        argsSha256: e.argsSha256,
      },
      'audit',
    );
  };
}
