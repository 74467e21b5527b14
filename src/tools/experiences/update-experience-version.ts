import { getExperience } from '../../api/management/experiences.js';
import { updateVersion } from '../../api/management/versions.js';
import { defineTool, LIVE } from '../define.js';
import { isLive } from '../live.js';
import { label } from '../lookup.js';
import { mergeWrite } from '../merge.js';
import { Entity, experienceUid, projectUid, versionUid } from '../params.js';
import { assertEditable } from './locked.js';
import { metrics, readVersion, targeting, variants, variantSplit, versionStatus, writableVersion } from './shapes.js';
import { assertSplitKept, targetingToSend, variantsToSend } from './version-input.js';

export const updateExperienceVersion = defineTool({
  name: 'update_experience_version',
  toolset: 'experiences',
  title: 'Update experience version',
  description:
    "Change a DRAFT version's variants, split, metrics or targeting, or set a version's status. Pass only what changes. ACTIVE and ARCHIVED versions are locked. Setting ACTIVE or PAUSED needs the user's confirmation.",
  input: {
    projectUid,
    experienceUid,
    versionUid,
    status: versionStatus.optional(),
    variants: variants.optional(),
    variantSplit: variantSplit.optional(),
    metrics: metrics.optional(),
    targeting: targeting.optional(),
  },
  output: { version: Entity },
  hints: LIVE,
  needsConfirmation: (a) => isLive(a.status),
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [e, v] = await Promise.all([getExperience(ctx.api, project, a.experienceUid), readVersion(ctx, project, a.experienceUid, a.versionUid)]);
    assertEditable(v, a.status);
    const what = a.status === 'ACTIVE' ? 'make it live for visitors (the current live version is archived)' : 'pause it: visitors get the base entries';
    return `Set version ${v.uid} (${String(v.status)}) of experience ${label(e)} to ${a.status}: ${what}.`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const current = await readVersion(ctx, project, a.experienceUid, a.versionUid);
    assertEditable(current, a.status);
    const sent = a.variants ? await variantsToSend(ctx, project, a.variants, current) : undefined;
    assertSplitKept(a.variantSplit ?? current.variantSplit, sent);
    const changes = { status: a.status, variants: sent, variantSplit: a.variantSplit, metrics: a.metrics, targeting: await targetingToSend(ctx, project, a.targeting) };
    const put = (body: Record<string, unknown>) => updateVersion(ctx.api, project, a.experienceUid, a.versionUid, body);
    return { version: await mergeWrite(current, changes, put, writableVersion) };
  },
  summary: (o) => `Updated version ${o.version.uid} (${String(o.version.status ?? '')})`,
});
