import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import type { SessionContext } from '../../context.js';
import { defineTool, LIVE, READ } from '../define.js';
import { asList, type WithUid } from '../lookup.js';
import { projectUid, uidString } from '../params.js';

/**
 * The GET /experiences-priority response shape is not established (reference §9): accept a bare array
 * of uids or of objects with uid, or an object holding such an array under priorityOrder/experiences.
 */
export function parsePriority(body: unknown): string[] {
  const list = Array.isArray(body) ? body : asList<unknown>(body, 'priorityOrder', 'experiences', 'order');
  return list
    .map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' ? ((x as Record<string, unknown>).uid ?? (x as Record<string, unknown>).experienceUid) : undefined))
    .filter((x): x is string => typeof x === 'string');
}

async function namedOrder(ctx: SessionContext, project: string, order: string[]) {
  const experiences = asList<WithUid>(await ctx.api.get('/experiences', { project }));
  const byUid = new Map(experiences.map((e) => [e.uid, e]));
  return { experiences, order: order.map((uid) => ({ uid, name: byUid.get(uid)?.name as string | undefined, status: byUid.get(uid)?.status as string | undefined })) };
}

const Ranked = z.array(z.object({ uid: z.string(), name: z.string().optional(), status: z.string().optional() }));

export const getPriority = defineTool({
  name: 'get_experience_priority',
  toolset: 'experiences',
  title: 'Get experience priority',
  description: 'The order in which experiences win when several apply to a visitor, highest first, with names.',
  input: { projectUid },
  output: { priorityOrder: Ranked },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const order = parsePriority(await ctx.api.get('/experiences-priority', { project }));
    return { priorityOrder: (await namedOrder(ctx, project, order)).order };
  },
  summary: (o) => o.priorityOrder.map((e, i) => `${i + 1}. ${e.name ?? e.uid}`).join('; '),
});

export const setPriority = defineTool({
  name: 'set_experience_priority',
  toolset: 'experiences',
  title: 'Set experience priority',
  description: 'Reorder experiences, highest priority first; the list must hold every experience of the project. Changes what live visitors get. Needs the user\'s confirmation.',
  input: { projectUid, priorityOrder: z.array(uidString()).min(1).max(1000).describe('Every experience uid, highest priority first') },
  output: { status: z.string(), priorityOrder: Ranked },
  hints: LIVE,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { experiences, order } = await namedOrder(ctx, project, a.priorityOrder);
    const missing = experiences.filter((e) => !a.priorityOrder.includes(e.uid));
    if (missing.length) throw new ToolInputError(`priorityOrder must list every experience; missing: ${missing.map((e) => `${String(e.name)} (${e.uid})`).join(', ')}.`);
    return `Set the priority of project ${project}'s experiences to: ${order.map((e, i) => `${i + 1}. ${e.name ?? e.uid}`).join('; ')}. Visitors who qualify for several experiences get the first one that applies.`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    await ctx.api.put('/experiences-priority', { priorityOrder: a.priorityOrder }, { project });
    return { status: 'updated', priorityOrder: (await namedOrder(ctx, project, a.priorityOrder)).order };
  },
  summary: (o) => `Priority set: ${o.priorityOrder?.map((e) => e.name ?? e.uid).join(' > ')}`,
});
