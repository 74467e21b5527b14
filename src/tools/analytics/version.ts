import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import { listVersions } from '../../api/management/versions.js';
import type { SessionContext } from '../../context.js';
import { isServing } from '../live.js';
import { newest } from '../experiences/shapes.js';
import { experienceUid, projectUid, versionUid } from '../params.js';

/** The input and output both analytics tools share. */
export const analyticsInput = {
  projectUid,
  experienceUid,
  versionUid: versionUid.optional().describe('From list_experience_versions; default: the active, else the newest'),
};
// Analytics response fields are not established (docs/api.md §10): passed through as the API returns them.
export const analyticsOutput = { experienceUid: z.string(), versionUid: z.string(), analytics: z.unknown() };

/** The version analytics are read for: the one named, else the active one, else the newest. */
export async function analyticsVersion(ctx: SessionContext, project: string, experience: string, version?: string): Promise<string> {
  if (version) return version;
  const versions = await listVersions(ctx.api, project, experience);
  const chosen = versions.find((v) => isServing(v.status)) ?? newest(versions);
  if (!chosen) throw new ToolInputError(`Experience ${experience} has no versions.`);
  return chosen.uid;
}
