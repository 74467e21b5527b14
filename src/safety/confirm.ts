import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { currentCall } from '../api/call.js';
import { projectOf, type SessionContext } from '../context.js';
import type { ToolDef } from '../tools/define.js';
import { fail, ok } from '../tools/results.js';

type Args = Record<string, unknown> & { confirmationToken?: string };

/**
 * docs/confirmation.md. Returns undefined when the call may proceed, or the result to return instead
 * (a confirmation request in token mode, or an error when the human said no).
 */
export async function confirmGate(def: ToolDef, args: Args, ctx: SessionContext, server: McpServer): Promise<CallToolResult | undefined> {
  if (!def.confirm || ctx.confirmMode === 'none') return undefined;
  if (def.needsConfirmation && !(await def.needsConfirmation(args as never, ctx))) return undefined;

  const canElicit = Boolean(server.server.getClientCapabilities()?.elicitation);
  const mode = ctx.confirmMode === 'auto' ? (canElicit ? 'elicit' : 'token') : ctx.confirmMode;
  // The token is bound to the call's project: it cannot confirm the same call on another one.
  const project = projectOf(ctx, args, def);

  if (mode === 'token' && args.confirmationToken) {
    const redeemed = await ctx.runtime.tokens.redeem(args.confirmationToken, def.name, args, project, ctx.member?.name);
    return redeemed.ok ? undefined : fail(`${redeemed.reason} Nothing was changed.`);
  }

  const summary = await def.confirm(args as never, ctx);

  if (mode === 'elicit') {
    if (!canElicit) {
      return fail(
        'PERSONALIZE_CONFIRM is elicit but this client cannot show confirmation prompts (no elicitation capability); set PERSONALIZE_CONFIRM=token or auto. Nothing was changed.',
      );
    }
    let answer: Awaited<ReturnType<typeof server.server.elicitInput>>;
    try {
      answer = await server.server.elicitInput({
        message: `${summary}\n\nDo you want to go ahead?`,
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: 'Yes, go ahead', description: summary } },
          required: ['confirm'],
        },
      });
    } catch (err) {
      // The SDK checks the answer's shape (an action is required): a bad or missing answer changes nothing.
      const timedOut = err instanceof McpError && err.code === ErrorCode.RequestTimeout;
      return fail(
        timedOut
          ? `The client did not answer the confirmation request for ${def.name} in time; nothing was changed.`
          : `The client's answer to the confirmation request for ${def.name} was malformed; nothing was changed.`,
      );
    }
    if (answer.action === 'accept' && answer.content?.confirm === true) {
      currentCall()?.restart();
      return undefined;
    }
    const what = answer.action === 'cancel' ? 'cancelled the confirmation of' : 'did not confirm';
    return fail(`The user ${what} ${def.name}; nothing was changed.`);
  }

  const confirmationToken = ctx.runtime.tokens.issue(def.name, args, project, ctx.member?.name);
  return ok(
    { status: 'confirmation_required', summary, confirmationToken },
    `Confirmation required: ${summary}\nAsk the user. If they agree, call ${def.name} again with the same arguments plus confirmationToken "${confirmationToken}" (valid 5 minutes, once).`,
  );
}
