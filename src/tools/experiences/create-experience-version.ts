import { getExperience } from '../../api/management/experiences.js';
import { createVersion } from '../../api/management/versions.js';
import { CREATE, defineTool } from '../define.js';
import { isLive } from '../live.js';
import { label } from '../lookup.js';
import { merged } from '../merge.js';
import { Entity, experienceUid, projectUid } from '../params.js';
import { metrics, targeting, variants, variantSplit, versionStatus } from './shapes.js';
import { assertSplitKept, targetingToSend, variantsToSend } from './version-input.js';

export const createExperienceVersion = defineTool({
  name: 'create_experience_version',
  toolset: 'experiences',
  title: 'Create experience version',
  description:
    "Create a version (DRAFT by default; one draft per experience). To change a live experience: new draft, then activate_experience. ACTIVE or PAUSED needs the user's confirmation.",
  input: {
    projectUid,
    experienceUid,
    variants,
    status: versionStatus.default('DRAFT'),
    variantSplit: variantSplit.optional(),
    metrics: metrics.optional(),
    targeting: targeting.optional(),
  },
  output: { version: Entity },
  hints: CREATE,
  // A version created ACTIVE or PAUSED decides what visitors get at once.
  needsConfirmation: (a) => isLive(a.status),
  async confirm(a, ctx) {
    const e = await getExperience(ctx.api, ctx.project(a.projectUid), a.experienceUid);
    return `Create a new ${a.status} version of experience ${label(e)} with ${a.variants.length} variant(s): ${a.variants.map((v) => v.name).join(', ')}. ${a.status === 'ACTIVE' ? 'It goes live at once and replaces the current live version.' : 'It is created paused.'}`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const sent = await variantsToSend(ctx, project, a.variants);
    assertSplitKept(a.variantSplit, sent);
    // Nothing was read: only the defined fields go.
    const body = merged({}, { status: a.status, variants: sent, variantSplit: a.variantSplit, metrics: a.metrics, targeting: await targetingToSend(ctx, project, a.targeting) });
    return { version: await createVersion(ctx.api, project, a.experienceUid, body) };
  },
  summary: (o) => `Created version ${o.version.uid}`,
});
