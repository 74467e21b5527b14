import { z } from 'zod';
import { listExperiences } from '../../api/management/experiences.js';
import type { SessionContext } from '../../context.js';

/** The project's experiences, and the order given with each experience's name and status. */
export async function namedOrder(ctx: SessionContext, project: string, order: string[]) {
  const experiences = await listExperiences(ctx.api, project);
  const byUid = new Map(experiences.map((e) => [e.uid, e]));
  return { experiences, order: order.map((uid) => ({ uid, name: byUid.get(uid)?.name as string | undefined, status: byUid.get(uid)?.status as string | undefined })) };
}

export const Ranked = z.array(z.object({ uid: z.string(), name: z.string().optional(), status: z.string().optional() }));
