import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import type { SessionContext } from '../../context.js';
import { defineTool, LIVE } from '../define.js';
import { label } from '../lookup.js';
import { experienceUid, projectUid, versionUid } from '../params.js';
import { assertEditable } from './locked.js';
import { readExperience, readVersions, writableVersion, type Version } from './shapes.js';

const output = { status: z.string(), experienceUid: z.string(), versionUid: z.string(), previousStatus: z.string().optional() };

/** The version activate_experience acts on: the one named, else the draft, else a paused one. */
async function activationTarget(ctx: SessionContext, project: string, experienceUid: string, versionUid?: string): Promise<Version> {
  const versions = await readVersions(ctx, project, experienceUid);
  const target = versionUid
    ? versions.find((v) => v.uid === versionUid)
    : versions.find((v) => v.status === 'DRAFT') ?? versions.find((v) => v.status === 'PAUSED');
  if (!target) {
    throw new ToolInputError(versionUid
      ? `No version ${versionUid} in experience ${experienceUid}: list_experience_versions shows them.`
      : `Experience ${experienceUid} has no draft or paused version to activate: create one with create_experience_version.`);
  }
  // An archived version is locked for good: refused before anything is sent.
  if (target.status === 'ARCHIVED') assertEditable(target, 'ACTIVE');
  if (!Array.isArray(target.variants) || target.variants.length === 0) {
    throw new ToolInputError(`Version ${target.uid} has no variants yet: add them with update_experience_version before activating.`);
  }
  return target;
}

async function activeVersion(ctx: SessionContext, project: string, experienceUid: string): Promise<Version> {
  const active = (await readVersions(ctx, project, experienceUid)).find((v) => v.status === 'ACTIVE');
  if (!active) throw new ToolInputError(`Experience ${experienceUid} has no ACTIVE version to pause.`);
  return active;
}

export const activateExperience = defineTool({
  name: 'activate_experience',
  toolset: 'experiences',
  title: 'Activate experience',
  description: 'Make an experience live: activates the given version, else its draft, else its paused version; the previous live version is archived. Needs the user\'s confirmation.',
  input: { projectUid, experienceUid, versionUid: versionUid.optional() },
  output,
  hints: LIVE,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [e, v] = await Promise.all([readExperience(ctx, project, a.experienceUid), activationTarget(ctx, project, a.experienceUid, a.versionUid)]);
    const names = (v.variants as Array<{ name?: string }>).map((x) => x.name).filter(Boolean).join(', ');
    return `Activate experience ${label(e)} with its ${v.status} version ${v.uid} (variants: ${names}). Live visitors start getting these variants at once${e.status === 'ACTIVE' ? ', and the version live now is archived' : ''}.`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const target = await activationTarget(ctx, project, a.experienceUid, a.versionUid);
    if (target.status === 'ACTIVE') return { status: 'ACTIVE', experienceUid: a.experienceUid, versionUid: target.uid, previousStatus: 'ACTIVE' };
    // The documented dance: PUT the version with status ACTIVE and its full variants (reference §8.3).
    await ctx.api.put(`/experiences/${a.experienceUid}/versions/${target.uid}`, { ...writableVersion(target), status: 'ACTIVE' }, { project });
    return { status: 'ACTIVE', experienceUid: a.experienceUid, versionUid: target.uid, previousStatus: target.status };
  },
  summary: (o) => `Experience ${o.experienceUid} is live with version ${o.versionUid}`,
});

export const pauseExperience = defineTool({
  name: 'pause_experience',
  toolset: 'experiences',
  title: 'Pause experience',
  description: 'Pause a live experience: visitors get the base entries until it is activated again. Needs the user\'s confirmation.',
  input: { projectUid, experienceUid },
  output,
  hints: LIVE,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [e, v] = await Promise.all([readExperience(ctx, project, a.experienceUid), activeVersion(ctx, project, a.experienceUid)]);
    return `Pause experience ${label(e)} (live version ${v.uid}). Live visitors stop getting its variants and see the base entries.`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const active = await activeVersion(ctx, project, a.experienceUid);
    // Status-only bodies fail with VARIANTS_NOT_ARRAY: the full variants go along (reference §8.3).
    await ctx.api.put(`/experiences/${a.experienceUid}/versions/${active.uid}`, { ...writableVersion(active), status: 'PAUSED' }, { project });
    return { status: 'PAUSED', experienceUid: a.experienceUid, versionUid: active.uid, previousStatus: 'ACTIVE' };
  },
  summary: (o) => `Experience ${o.experienceUid} is paused`,
});
