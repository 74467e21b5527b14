import { createHash } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../log.js';
import { canonicalJson } from '../safety/tokens.js';

export type Outcome = 'ok' | 'error' | 'confirmation_required' | 'denied';

export interface AuditEntry {
  member: string;
  tool: string;
  project?: string;
  args: Record<string, unknown>;
  result: CallToolResult;
  denied?: boolean;
}

/** The uids a write names (`…Uid` arguments other than the project) plus the uid of what it created. */
export function targetUids(args: Record<string, unknown>, result: CallToolResult): string[] {
  const uids = Object.entries(args)
    .filter(([k, v]) => k.endsWith('Uid') && k !== 'projectUid' && typeof v === 'string')
    .map(([, v]) => v as string);
  if (!result.isError && result.structuredContent) {
    for (const v of Object.values(result.structuredContent)) {
      const uid = (v as { uid?: unknown } | null)?.uid;
      if (v && typeof v === 'object' && !Array.isArray(v) && typeof uid === 'string' && !uids.includes(uid)) uids.push(uid);
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
 * One JSON line per write tool call on stderr (SPEC §9): time, member, tool, project, target uids,
 * outcome, argument hash. No argument values beyond uids, so no secret can reach it. Written at info
 * whatever LOG_LEVEL says (only `silent` silences it): an audit trail that a log level hides is none.
 */
export function createAuditLog(logger: Logger): (entry: AuditEntry) => void {
  const audit = logger.level === 'silent' ? logger : logger.child({ audit: true }, { level: 'info' });
  return (e) => {
    audit.info({
      member: e.member,
      tool: e.tool,
      project: e.project,
      targets: targetUids(e.args, e.result),
      outcome: outcomeOf(e.result, e.denied),
      argsSha256: argsHash(e.args),
    }, 'audit');
  };
}
