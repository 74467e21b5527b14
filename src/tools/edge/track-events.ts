import { z } from 'zod';
import { ToolInputError } from '../../api/errors.js';
import { sendEvents, type EdgeEvent } from '../../api/edge/events.js';
import { defineTool } from '../define.js';
import { atMost, projectUid } from '../params.js';
import { parseAlias } from './aliases.js';
import { EDGE_APPEND } from './hints.js';
import { assertKnownKeys, EVENT_KEYS } from './keys.js';
import { userUid } from './params.js';

const SHORT_UID = /^[A-Za-z0-9-]+$/;
const shortUid = z
  .string()
  .trim()
  .min(1)
  .refine(...atMost(64))
  .refine((s) => SHORT_UID.test(s), 'a short uid: letters, digits or -');

const Impression = z.union([
  z
    .object({
      experienceShortUid: shortUid.describe('From get_manifest'),
      variantShortUid: shortUid.nullable().describe('null is dropped'),
    })
    .strict(),
  z
    .object({
      alias: z
        .string()
        .trim()
        .min(1)
        .refine(...atMost(200))
        .describe('cs_personalize_<exp>_<variant>'),
    })
    .strict(),
]);

const Conversion = z
  .object({
    eventKey: z
      .string()
      .trim()
      .min(1)
      .refine(...atMost(100))
      .describe('From list_events'),
  })
  .strict();

export const trackEvents = defineTool({
  name: 'track_events',
  toolset: 'edge',
  title: 'Track impressions and conversions',
  description: [
    "Record a visitor's impressions (variants from get_manifest) and conversions (event keys) via the Edge API; conversions count for A/B variants the visitor saw in 30 days.",
    'WRITES INTO PRODUCTION ANALYTICS, cannot be undone: use test visitor uids.',
  ].join(' '),
  input: {
    projectUid,
    userUid,
    impressions: z.array(Impression).max(100).optional(),
    conversions: z.array(Conversion).max(100).optional(),
  },
  output: {
    projectUid: z.string(),
    userUid: z.string(),
    impressions: z.array(z.object({ experienceShortUid: z.string(), variantShortUid: z.string() })).describe('Impressions sent'),
    conversions: z.array(z.string()).describe('Event keys sent'),
    dropped: z.number().describe('Impressions with a null variant'),
  },
  hints: EDGE_APPEND,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const impressions: Array<{ experienceShortUid: string; variantShortUid: string }> = [];
    let dropped = 0;
    for (const item of a.impressions ?? []) {
      const pair = 'alias' in item ? parseAlias(item.alias) : item;
      if (!pair)
        throw new ToolInputError(
          `"${'alias' in item ? item.alias : ''}" is not a variant alias: use cs_personalize_<experienceShortUid>_<variantShortUid> as get_manifest returns it.`,
        );
      if (pair.variantShortUid === null) {
        dropped++;
        continue;
      }
      impressions.push({ experienceShortUid: pair.experienceShortUid, variantShortUid: pair.variantShortUid });
    }
    const conversions = (a.conversions ?? []).map((c) => c.eventKey);
    if (!impressions.length && !conversions.length) {
      throw new ToolInputError(dropped ? 'Every impression had a null variant and there are no conversions: nothing to send.' : 'Pass impressions, conversions or both.');
    }
    if (conversions.length) await assertKnownKeys(ctx, project, EVENT_KEYS, conversions);
    const events: EdgeEvent[] = [...impressions.map((i): EdgeEvent => ({ type: 'IMPRESSION', ...i })), ...conversions.map((eventKey): EdgeEvent => ({ type: 'EVENT', eventKey }))];
    await sendEvents(ctx.edge, project, a.userUid, events);
    return { projectUid: project, userUid: a.userUid, impressions, conversions, dropped };
  },
  summary: (o) =>
    `Sent ${o.impressions.length} impression(s) and ${o.conversions.length} conversion(s) for visitor ${o.userUid}${o.dropped ? `; dropped ${o.dropped} with no variant` : ''}`,
});
