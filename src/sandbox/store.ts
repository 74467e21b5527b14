import { createHash, randomBytes } from 'node:crypto';

/** While seeding, ids come from the seed instead of the clock and randomness (withSeededIds). */
let seeded: { seed: string; n: number } | undefined;

/**
 * 24-hex ids, like the API's Mongo ObjectIds. Inside withSeededIds they are derived from the seed and a counter,
 * so the same seed gives the same ids on every start; otherwise (every uid created at run time) time + random.
 */
export function objectId(): string {
  if (seeded)
    return createHash('sha256')
      .update(`${seeded.seed}\0${seeded.n++}`)
      .digest('hex')
      .slice(0, 24);
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return time + randomBytes(8).toString('hex');
}

/**
 * Runs `fn` (synchronous: nothing else can create ids meanwhile) with ids derived from `seed`; the state is
 * restored before it returns, so nothing is left at module level.
 */
export function withSeededIds<T>(seed: string, fn: () => T): T {
  const outer = seeded;
  seeded = { seed, n: 0 };
  try {
    return fn();
  } finally {
    seeded = outer;
  }
}

export type Doc = Record<string, unknown> & { uid: string };

export interface Version extends Doc {
  status: 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ARCHIVED';
  variants: Array<Record<string, unknown>>;
}

export interface Experience extends Doc {
  name: string;
  __type: 'SEGMENTED' | 'AB_TEST';
  shortUid: string;
  versions: Version[];
  /** Next variant shortUid: never reused, gaps allowed (docs/api.md §8.3). */
  nextVariantShortUid: number;
}

/** One tracked Edge event; analytics are computed from these. */
export interface Tracked {
  at: number;
  userUid: string;
  experienceUid: string;
  versionUid: string;
  variantShortUid: string;
  type: 'IMPRESSION' | 'CONVERSION';
  eventKey?: string;
}

export interface Project extends Doc {
  name: string;
  organizationUid: string;
  attributes: Doc[];
  audiences: Doc[];
  events: Doc[];
  experiences: Experience[];
  priority: string[];
  nextExperienceShortUid: number;
  tracked: Tracked[];
  /** Edge visitors: uid → stored attributes (by key). */
  visitors: Map<string, Record<string, unknown>>;
}

export interface Store {
  organizations: Array<{ uid: string; name: string }>;
  projects: Project[];
  projectCap: number;
}

export function newStore(projectCap: number): Store {
  return { organizations: [], projects: [], projectCap };
}

export function stamp(doc: Record<string, unknown>, project?: string): Doc {
  const uid = (doc.uid as string | undefined) ?? objectId();
  const now = new Date().toISOString();
  return {
    ...doc,
    uid,
    _id: uid,
    ...(project ? { project } : {}),
    createdBy: 'sandbox-user',
    updatedBy: 'sandbox-user',
    createdByUserName: 'Sandbox User',
    updatedByUserName: 'Sandbox User',
    createdAt: now,
    updatedAt: now,
  };
}

/** Fields the API sets itself: a body that sends them back does not change them. */
const SERVER_SET = new Set(['uid', '_id', 'project', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'createdByUserName', 'updatedByUserName']);

/**
 * Keeps what a write sends beyond the fields a route models (the real API stores and returns fields such as
 * `variantSplit`; docs/api.md §17): every field of the body but the server-set ones and those named in `own`.
 */
export function keepUnknown(doc: Record<string, unknown>, body: Record<string, unknown>, own: readonly string[]): void {
  for (const [k, v] of Object.entries(body)) if (!SERVER_SET.has(k) && !own.includes(k) && v !== undefined) doc[k] = v;
}

export function touch(doc: Record<string, unknown>): void {
  doc.updatedAt = new Date().toISOString();
}

/** The experience-level status the API reports: the live version's, else DRAFT. */
export function experienceStatus(e: Experience): string {
  if (e.versions.some((v) => v.status === 'ACTIVE')) return 'ACTIVE';
  if (e.versions.some((v) => v.status === 'PAUSED')) return 'PAUSED';
  return 'DRAFT';
}
