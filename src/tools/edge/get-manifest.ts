import { z } from 'zod';
import { getManifest as readManifest } from '../../api/edge/manifest.js';
import type { SessionContext } from '../../context.js';
import { defineTool, READ } from '../define.js';
import { tags } from '../experiences/shapes.js';
import { projectUid } from '../params.js';
import { aliasOf, variantParam } from './aliases.js';
import { ATTRIBUTE_KEYS, unknownKeys } from './keys.js';
import { manifestNames, type Names } from './names.js';
import { attributeMap, httpUrl, ipAddress, printable, userUid } from './params.js';

const LYTICS_KEY = '__lytics_audiences';

const Entry = z.object({
  shortUid: z.string().describe('Experience short uid'),
  variantShortUid: z.string().nullable().describe('null: no variant (no audience matched, or paused)'),
  alias: z.string().optional().describe('CMS variant alias (x-cs-variant-uid on Delivery API calls)'),
  experienceUid: z.string().optional(),
  experienceName: z.string().optional(),
  variantName: z.string().optional(),
});

type EntryOut = z.infer<typeof Entry>;

/** Names only when Management credentials exist; a failed lookup leaves the manifest as it is, with a note. */
async function names(ctx: SessionContext, project: string, experiences: Parameters<typeof manifestNames>[2], notes: string[]): Promise<Map<string, Names>> {
  if (!ctx.api.hasCredentials) return new Map();
  try {
    return await manifestNames(ctx, project, experiences);
  } catch (err) {
    notes.push(`Names could not be read from the Management API (${err instanceof Error ? err.message : String(err)}); short uids are shown alone.`);
    return new Map();
  }
}

async function liveAttributeNote(ctx: SessionContext, project: string, live: Record<string, unknown> | undefined, notes: string[]): Promise<void> {
  const keys = Object.keys(live ?? {}).filter((k) => k !== LYTICS_KEY);
  if (!keys.length) return;
  const found = await unknownKeys(ctx, project, ATTRIBUTE_KEYS, keys).catch(() => undefined);
  if (found?.unknown.length)
    notes.push(
      `liveAttributes ${found.unknown.map((k) => `"${k}"`).join(', ')} are not custom attribute keys of the project, so audience rules cannot see them (keys: ${found.known.join(', ') || 'none'}).`,
    );
}

export const getManifest = defineTool({
  name: 'get_manifest',
  toolset: 'edge',
  title: 'Get visitor manifest',
  description: 'The variant of each live experience a visitor gets (Edge API). Simulate one with the optional fields; omit userUid for a new visitor.',
  input: {
    projectUid,
    userUid: userUid.optional(),
    liveAttributes: attributeMap('Attribute key → value, not stored; "__lytics_audiences": "|slug|"').optional(),
    pageUrl: httpUrl('For QUERY_PARAMETERS rules').optional(),
    referrer: httpUrl('For REFERRER rules').optional(),
    userAgent: printable(1024).optional().describe('For DEVICE_TYPE, OPERATING_SYSTEM rules'),
    ipAddress: ipAddress.optional(),
    tags: tags.optional().describe('Only experiences with one of these tags'),
  },
  output: {
    projectUid: z.string(),
    userUid: z.string(),
    experiences: z.array(Entry).describe('Highest priority first'),
    variantParam: z.string().describe('personalize_variants URL parameter value'),
    aliases: z.array(z.string()),
    notes: z.array(z.string()).optional(),
  },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const manifest = await readManifest(ctx.edge, {
      project,
      userUid: a.userUid,
      liveAttributes: a.liveAttributes,
      pageUrl: a.pageUrl,
      referrer: a.referrer,
      userAgent: a.userAgent,
      ipAddress: a.ipAddress,
      tags: a.tags,
    });
    const notes: string[] = [];
    const [named] = await Promise.all([names(ctx, project, manifest.experiences, notes), liveAttributeNote(ctx, project, a.liveAttributes, notes)]);
    const experiences = manifest.experiences.map((x): EntryOut => {
      const n = named.get(x.shortUid);
      return {
        shortUid: x.shortUid,
        variantShortUid: x.activeVariantShortUid,
        ...(x.activeVariantShortUid !== null ? { alias: aliasOf(x.shortUid, x.activeVariantShortUid) } : {}),
        ...(n ? { experienceUid: n.experienceUid, experienceName: n.experienceName, variantName: n.variantName } : {}),
      };
    });
    const pairs = manifest.experiences.map((x) => ({ experienceShortUid: x.shortUid, variantShortUid: x.activeVariantShortUid }));
    return {
      projectUid: project,
      userUid: manifest.userUid,
      experiences,
      variantParam: variantParam(pairs),
      aliases: experiences.flatMap((x) => (x.alias ? [x.alias] : [])),
      ...(notes.length ? { notes } : {}),
    };
  },
  summary: (o) => {
    const shown = o.experiences.map((x) => `${x.experienceName ?? x.shortUid}: ${x.variantShortUid === null ? 'none' : (x.variantName ?? x.variantShortUid)}`);
    return `Visitor ${o.userUid}: ${o.experiences.length} experience(s)${shown.length ? ` (${shown.join('; ')})` : ''}`;
  },
});
