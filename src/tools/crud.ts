import { z } from 'zod';
import { listQuery } from '../api/reads.js';
import type { SessionContext } from '../context.js';
import type { Toolset } from './toolsets.js';
import { CREATE, defineTool, DESTROY, LIVE, READ, UPDATE } from './define.js';
import { merged } from './merge.js';
import { asList, findByUid, label, pick, type WithUid } from './lookup.js';
import { pageInput, pageOf, pageOutput, pageSummary } from './paging.js';
import { Entity, entities, projectUid } from './params.js';
import { assertNotLive, describeDependents, findDependents, type DependencyKind } from './dependents.js';

/**
 * Attributes, audiences and events share one API pattern: `GET /x` lists all (no single GET),
 * `POST /x` creates, `PUT /x/{uid}` replaces (so updates read, merge and send the whole body),
 * `DELETE /x/{uid}` answers 204.
 */
export interface Collection {
  toolset: Toolset;
  path: string;
  singular: DependencyKind;
  plural: string;
  /** The body fields the API takes on create and update. */
  fields: readonly string[];
  idParam: string;
  idSchema: z.ZodString;
}

export async function readAll(c: Collection, ctx: SessionContext, project: string): Promise<WithUid[]> {
  return asList(await ctx.api.get(c.path, { project, query: listQuery(c.path) }));
}

export async function readOne(c: Collection, ctx: SessionContext, project: string, uid: string): Promise<WithUid> {
  return findByUid(await readAll(c, ctx, project), uid, c.singular, `list_${c.plural}`, project);
}

export function listTool(c: Collection, description: string) {
  return defineTool({
    name: `list_${c.plural}`,
    toolset: c.toolset,
    title: `List ${c.plural}`,
    description,
    input: { projectUid, ...pageInput },
    output: { [c.plural]: entities, ...pageOutput } as Record<string, z.ZodType>,
    hints: READ,
    async run(a, ctx) {
      const project = ctx.project(a.projectUid);
      const { items, ...page } = pageOf(ctx, `list_${c.plural}`, [project], await readAll(c, ctx, project), a);
      return { [c.plural]: items, ...page };
    },
    summary: (o) => pageSummary(o as { total: number; nextCursor?: string }, (o[c.plural] as unknown[]).length, c.plural),
  });
}

export function createTool<I extends z.ZodRawShape>(c: Collection, description: string, input: I, body?: (a: z.infer<z.ZodObject<I>>, ctx: SessionContext, project: string) => Promise<Record<string, unknown>>) {
  return defineTool({
    name: `create_${c.singular}`,
    toolset: c.toolset,
    title: `Create ${c.singular}`,
    description,
    input: { projectUid, ...input },
    output: { [c.singular]: Entity } as Record<string, typeof Entity>,
    hints: CREATE,
    async run(input, ctx) {
      const a = input as Record<string, unknown>;
      const project = ctx.project(a.projectUid as string | undefined);
      const payload = body ? await body(a as never, ctx, project) : pick(a, c.fields);
      const created = await ctx.api.post<WithUid>(c.path, payload, { project });
      return { [c.singular]: created };
    },
    summary: (o) => `Created ${c.singular} ${label(o[c.singular]!)}`,
  });
}

/** A guard on some updates (one that breaks what a live experience measures): when to ask, and what to say. */
export interface UpdateGuard {
  needsConfirmation(a: Record<string, unknown>, ctx: SessionContext): Promise<boolean>;
  confirm(a: Record<string, unknown>, ctx: SessionContext): Promise<string>;
}

export function updateTool<I extends z.ZodRawShape>(c: Collection, description: string, input: I, guard?: UpdateGuard) {
  return defineTool({
    name: `update_${c.singular}`,
    toolset: c.toolset,
    title: `Update ${c.singular}`,
    description,
    input: { projectUid, [c.idParam]: c.idSchema, ...input } as { projectUid: typeof projectUid } & Record<string, z.ZodString> & I,
    output: { [c.singular]: Entity } as Record<string, typeof Entity>,
    hints: guard ? LIVE : UPDATE,
    needsConfirmation: guard && ((a, ctx) => guard.needsConfirmation(a as Record<string, unknown>, ctx)),
    confirm: guard && ((a, ctx) => guard.confirm(a as Record<string, unknown>, ctx)),
    async run(input, ctx) {
      const a = input as Record<string, unknown>;
      const project = ctx.project(a.projectUid as string | undefined);
      const uid = a[c.idParam] as string;
      const current = await readOne(c, ctx, project, uid);
      const body = merged(current, pick(a, c.fields));
      const updated = await ctx.api.put<WithUid>(`${c.path}/${uid}`, body, { project });
      return { [c.singular]: updated ?? { ...current, ...body } };
    },
    summary: (o) => `Updated ${c.singular} ${label(o[c.singular]!)}`,
  });
}

const force = z.boolean().optional().describe('Delete even though a live experience depends on it (still needs confirmation)');

/** Deletes check what depends on the item first: live dependents refuse unless forced, and the user is told them all. */
export function deleteTool(c: Collection, description: string, consequence: string) {
  return defineTool({
    name: `delete_${c.singular}`,
    toolset: c.toolset,
    title: `Delete ${c.singular}`,
    description: `${description} Refuses when a live experience depends on it unless force. Needs the user's confirmation.`,
    input: { projectUid, [c.idParam]: c.idSchema, force } as { projectUid: typeof projectUid; force: typeof force } & Record<string, z.ZodString>,
    output: { status: z.string(), uid: z.string(), dependents: z.array(z.object({ uid: z.string(), name: z.string() })).optional() },
    hints: DESTROY,
    async confirm(a, ctx) {
      const project = ctx.project(a.projectUid);
      const uid = a[c.idParam] as string;
      // A name for the message: the cached list will do (the delete itself reads nothing stale).
      const item = findByUid(await ctx.reads.list(project, c.path), uid, c.singular, `list_${c.plural}`, project);
      const dependents = await findDependents(ctx, project, c.singular, uid);
      assertNotLive(c.singular, uid, dependents, a.force as boolean | undefined);
      const live = dependents.experiences.some((e) => e.live) ? ' Live visitors are affected at once.' : '';
      return `Delete ${c.singular} ${label(item)} from project ${project}. ${describeDependents(dependents)} ${consequence}${live} This cannot be undone.`;
    },
    async run(a, ctx) {
      const project = ctx.project(a.projectUid);
      const uid = a[c.idParam] as string;
      const dependents = await findDependents(ctx, project, c.singular, uid);
      assertNotLive(c.singular, uid, dependents, a.force as boolean | undefined);
      await ctx.api.delete(`${c.path}/${uid}`, { project });
      return { status: 'deleted', uid, dependents: [...dependents.audiences, ...dependents.experiences.map(({ uid: u, name }) => ({ uid: u, name }))] };
    },
    summary: (o) => `Deleted ${c.singular} ${o.uid}`,
  });
}
