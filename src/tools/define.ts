import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { SessionContext } from '../context.js';
import type { Toolset } from './toolsets.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Every hint is required, so a tool cannot forget to say whether it reads, destroys or reaches out. */
export interface Hints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolDef<I extends z.ZodRawShape = z.ZodRawShape, O extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  toolset: Toolset;
  title: string;
  description: string;
  input: I;
  output: O;
  hints: Hints;
  /**
   * Guarded tools only: what exactly will happen, for the human to confirm (names, uids, live traffic).
   * `needsConfirmation` narrows the guard to some calls (an update that goes live); absent means every call.
   */
  confirm?: (args: z.infer<z.ZodObject<I>>, ctx: SessionContext) => Promise<string>;
  needsConfirmation?: (args: z.infer<z.ZodObject<I>>, ctx: SessionContext) => boolean | Promise<boolean>;
  /** The work; the project is ctx.project(a.projectUid), which the guard, tokens and audit agree on (projectOf in src/context.ts). */
  run: (args: z.infer<z.ZodObject<I>>, ctx: SessionContext, extra: Extra) => Promise<z.infer<z.ZodObject<O>>>;
  /** One line for people, put before the JSON in the text content. */
  summary?: (out: z.infer<z.ZodObject<O>>) => string;
}

/** A runtime no-op that lets the handler's argument types come from the input shape. */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(def: ToolDef<I, O>): ToolDef<I, O> {
  return def;
}

export const READ: Hints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const CREATE: Hints = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
export const UPDATE: Hints = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const DESTROY: Hints = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };
/** Changes what live visitors see (activation, pause, priority). */
export const LIVE: Hints = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };
