import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import { listVersions, updateVersion, type Version } from '../../api/management/versions.js';
import type { SessionContext } from '../../context.js';
import { isServing } from '../live.js';
import { mergeWrite } from '../merge.js';
import { assertEditable } from './locked.js';
import { writableVersion } from './shapes.js';

/** What activate_experience and pause_experience answer. */
export const lifecycleOutput = { status: z.string(), experienceUid: z.string(), versionUid: z.string(), previousStatus: z.string().optional() };

/** The version activate_experience acts on: the one named, else the draft, else a paused one. */
export async function activationTarget(ctx: SessionContext, project: string, experienceUid: string, versionUid?: string): Promise<Version> {
  const versions = await listVersions(ctx.api, project, experienceUid);
  const target = versionUid ? versions.find((v) => v.uid === versionUid) : (versions.find((v) => v.status === 'DRAFT') ?? versions.find((v) => v.status === 'PAUSED'));
  if (!target) {
    throw new ToolInputError(
      versionUid
        ? `No version ${versionUid} in experience ${experienceUid}: list_experience_versions shows them.`
        : `Experience ${experienceUid} has no draft or paused version to activate: create one with create_experience_version.`,
    );
  }
  // An archived version is locked for good: refused before anything is sent.
  if (target.status === 'ARCHIVED') assertEditable(target, 'ACTIVE');
  if (!Array.isArray(target.variants) || target.variants.length === 0) {
    throw new ToolInputError(`Version ${target.uid} has no variants yet: add them with update_experience_version before activating.`);
  }
  return target;
}

/** The version pause_experience acts on: the one visitors get now. */
export async function servingVersion(ctx: SessionContext, project: string, experienceUid: string): Promise<Version> {
  const active = (await listVersions(ctx.api, project, experienceUid)).find((v) => isServing(v.status));
  if (!active) throw new ToolInputError(`Experience ${experienceUid} has no ACTIVE version to pause.`);
  return active;
}

/**
 * The documented dance: PUT the version with the new status and its full variants; status-only bodies
 * fail with VARIANTS_NOT_ARRAY (docs/api.md §8.3).
 */
export async function setVersionStatus(ctx: SessionContext, project: string, experienceUid: string, version: Version, status: 'ACTIVE' | 'PAUSED'): Promise<void> {
  await mergeWrite(version, { status }, (body) => updateVersion(ctx.api, project, experienceUid, version.uid, body), writableVersion);
}
