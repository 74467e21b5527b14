import { z } from 'zod';
import { CREATE, defineTool, DESTROY, LIVE, READ } from '../define.js';
import { label, type WithUid } from '../lookup.js';
import { Entity, entities, experienceUid, projectUid, versionUid } from '../params.js';
import { merged } from '../merge.js';
import { pageInput, pageOf, pageOutput, pageSummary } from '../paging.js';
import { assertDeletable, assertEditable } from './locked.js';
import { metrics, readExperience, readVersion, readVersions, targeting, variants, variantSplit, versionStatus, writableVersion } from './shapes.js';
import { assertSplitKept, targetingToSend, variantsToSend } from './version-input.js';

const goesLive = (status: string | undefined) => status === 'ACTIVE' || status === 'PAUSED';

export const listVersions = defineTool({
  name: 'list_experience_versions',
  toolset: 'experiences',
  title: 'List experience versions',
  description: 'List an experience\'s versions (uid, status DRAFT/ACTIVE/PAUSED/ARCHIVED, variants with shortUid, metrics, targeting).',
  input: { projectUid, experienceUid, ...pageInput },
  output: { versions: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_experience_versions', [project, a.experienceUid], await readVersions(ctx, project, a.experienceUid), a);
    return { versions: items, ...page };
  },
  summary: (o) => pageSummary(o, o.versions.length, 'version(s)'),
});

const targetingInput = targeting.optional();

export const createVersion = defineTool({
  name: 'create_experience_version',
  toolset: 'experiences',
  title: 'Create experience version',
  description: 'Create a new version (a DRAFT by default; an experience has at most one draft). The way to change a live experience: new draft, then activate_experience. ACTIVE or PAUSED needs the user\'s confirmation.',
  input: { projectUid, experienceUid, variants, status: versionStatus.default('DRAFT'), variantSplit: variantSplit.optional(), metrics: metrics.optional(), targeting: targetingInput },
  output: { version: Entity },
  hints: CREATE,
  needsConfirmation: (a) => goesLive(a.status),
  async confirm(a, ctx) {
    const e = await readExperience(ctx, ctx.project(a.projectUid), a.experienceUid);
    return `Create a new ${a.status} version of experience ${label(e)} with ${a.variants.length} variant(s): ${a.variants.map((v) => v.name).join(', ')}. ${a.status === 'ACTIVE' ? 'It goes live at once and replaces the current live version.' : 'It is created paused.'}`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const sent = await variantsToSend(ctx, project, a.variants);
    assertSplitKept(a.variantSplit, sent);
    const body = merged({}, { status: a.status, variants: sent, variantSplit: a.variantSplit, metrics: a.metrics, targeting: await targetingToSend(ctx, project, a.targeting) });
    const version = await ctx.api.post<WithUid>(`/experiences/${a.experienceUid}/versions`, body, { project });
    return { version };
  },
  summary: (o) => `Created version ${o.version.uid}`,
});

export const updateVersion = defineTool({
  name: 'update_experience_version',
  toolset: 'experiences',
  title: 'Update experience version',
  description: 'Change a DRAFT version\'s variants, split, metrics or targeting, or set a version\'s status. Pass only what changes; the rest is kept. ACTIVE and ARCHIVED versions are locked. Setting ACTIVE or PAUSED needs the user\'s confirmation.',
  input: { projectUid, experienceUid, versionUid, status: versionStatus.optional(), variants: variants.optional(), variantSplit: variantSplit.optional(), metrics: metrics.optional(), targeting: targetingInput },
  output: { version: Entity },
  hints: { ...LIVE, destructiveHint: true },
  needsConfirmation: (a) => goesLive(a.status),
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [e, v] = await Promise.all([readExperience(ctx, project, a.experienceUid), readVersion(ctx, project, a.experienceUid, a.versionUid)]);
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
    const body = merged(writableVersion(current), changes);
    const version = await ctx.api.put<WithUid>(`/experiences/${a.experienceUid}/versions/${a.versionUid}`, body, { project });
    return { version: version ?? { ...current, ...body } };
  },
  summary: (o) => `Updated version ${o.version.uid} (${String(o.version.status ?? '')})`,
});

export const deleteVersion = defineTool({
  name: 'delete_experience_version',
  toolset: 'experiences',
  title: 'Delete experience version',
  description: 'Delete a DRAFT version of an experience (not its only one). Needs the user\'s confirmation.',
  input: { projectUid, experienceUid, versionUid },
  output: { status: z.string(), uid: z.string() },
  hints: DESTROY,
  async confirm(a, ctx) {
    const project = ctx.project(a.projectUid);
    const [e, v] = await Promise.all([readExperience(ctx, project, a.experienceUid), readVersion(ctx, project, a.experienceUid, a.versionUid)]);
    assertDeletable(v);
    return `Delete draft version ${v.uid} (${Array.isArray(v.variants) ? v.variants.length : 0} variant(s)) of experience ${label(e)}. This cannot be undone.`;
  },
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    assertDeletable(await readVersion(ctx, project, a.experienceUid, a.versionUid));
    await ctx.api.delete(`/experiences/${a.experienceUid}/versions/${a.versionUid}`, { project });
    return { status: 'deleted', uid: a.versionUid };
  },
  summary: (o) => `Deleted version ${o.uid}`,
});
