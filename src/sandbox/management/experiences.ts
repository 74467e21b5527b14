import { randomBytes } from 'node:crypto';
import { apiError, validationError } from '../errors.js';
import { route, type Route, type SandboxRequest } from '../router.js';
import { experienceStatus, keepUnknown, objectId, stamp, touch, type Experience, type Project, type Version } from '../store.js';
import { requireFields } from './validate.js';

const TYPES = ['SEGMENTED', 'AB_TEST'];

/** What the sandbox models or derives on an experience; any other field a write sends is stored as sent. */
const EXPERIENCE_OWN = [
  'name',
  'description',
  '__type',
  'tags',
  'shortUid',
  'status',
  'latestVersion',
  '_cms',
  'referredAudiences',
  'referredLyticsAudiences',
  'versions',
  'nextVariantShortUid',
];

export function findExperience(req: SandboxRequest): Experience {
  const e = req.project.experiences.find((x) => x.uid === req.params.uid);
  if (!e) throw apiError(404, 'personalize.EXPERIENCES.NOT_FOUND', `Experience ${req.params.uid} not found`);
  return e;
}

/** Tags are lower-cased and de-duplicated; at most 10 of ≤ 32 chars in [A-Za-z0-9_:-] (docs/api.md §3). */
function normalizeTags(tags: unknown): string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || !/^[A-Za-z0-9_:-]{1,32}$/.test(t))) {
    throw validationError(['tags must be an array of strings of at most 32 characters from A-Z a-z 0-9 _ : -']);
  }
  const out = [...new Set(tags.map((t: string) => t.toLowerCase()))];
  if (out.length > 10) throw validationError(['tags must contain no more than 10 elements']);
  return out;
}

/** Personalize creates one CMS variant per variant, asynchronously in reality; at once here. */
export function syncCms(e: Experience): void {
  e._cms ??= { variantGroup: `cs${randomBytes(8).toString('hex')}`, variants: {} };
  const cms = e._cms as { variants: Record<string, string> };
  for (const v of e.versions) {
    for (const variant of v.variants) {
      const short = String(variant.shortUid);
      cms.variants[short] ??= `cs${randomBytes(8).toString('hex')}`;
    }
  }
}

/** The experience as the API returns it: no versions inline, a summary of what it refers to. */
export function experienceView(e: Experience): Record<string, unknown> {
  const { versions, nextVariantShortUid: _n, ...rest } = e;
  const live = versions.find((v) => v.status === 'ACTIVE') ?? versions.find((v) => v.status === 'PAUSED') ?? versions.find((v) => v.status === 'DRAFT');
  const referred = new Set<string>();
  for (const variant of live?.variants ?? []) for (const a of (variant.audiences as string[] | undefined) ?? []) referred.add(a);
  return {
    ...rest,
    status: experienceStatus(e),
    latestVersion: versions[versions.length - 1]?.uid,
    referredAudiences: [...referred],
    referredLyticsAudiences: [],
  };
}

export function newVersion(status: Version['status'], fields: Record<string, unknown> = {}): Version {
  return { ...stamp({ variants: [], ...fields }), status } as Version;
}

export function createExperience(project: Project, body: Record<string, unknown>): Experience {
  const e = {
    ...stamp({ name: body.name, description: body.description ?? '', __type: body.__type, tags: normalizeTags(body.tags), metadata: {} }, project.uid),
    shortUid: String(project.nextExperienceShortUid++),
    versions: [newVersion('DRAFT')],
    nextVariantShortUid: 0,
  } as Experience;
  keepUnknown(e, body, EXPERIENCE_OWN);
  project.experiences.push(e);
  project.priority.push(e.uid);
  return e;
}

export const experienceRoutes: Route[] = [
  route('GET', '/experiences', 'project', (req) => ({ body: req.project.experiences.map(experienceView) })),
  route('GET', '/experiences/:uid', 'project', (req) => ({ body: experienceView(findExperience(req)) })),
  route('POST', '/experiences', 'project', (req) => {
    const body = requireFields(req.body, { name: 'string', description: 'string?' });
    if (!TYPES.includes(String(body.__type))) throw validationError(['__type must be one of the following values: SEGMENTED, AB_TEST (NOT_VALID_ENUM)']);
    if (req.project.experiences.some((x) => x.name === body.name))
      throw apiError(400, 'personalize.EXPERIENCES.DUPLICATE_NAME', `An experience named "${String(body.name)}" already exists`);
    return { status: 201, body: experienceView(createExperience(req.project, body)) };
  }),
  route('PUT', '/experiences/:uid', 'project', (req) => {
    const e = findExperience(req);
    const body = requireFields(req.body, { name: 'string', description: 'string?' });
    // Whether __type can change is not established (docs/api.md §8.2); the sandbox refuses a change.
    if (body.__type !== undefined && body.__type !== e.__type) throw apiError(400, 'personalize.EXPERIENCES.CANNOT_CHANGE_TYPE', 'The type of an experience cannot be changed');
    e.name = String(body.name);
    if (body.description !== undefined) e.description = body.description;
    if (body.tags !== undefined) e.tags = normalizeTags(body.tags);
    keepUnknown(e, body, EXPERIENCE_OWN);
    touch(e);
    return { body: experienceView(e) };
  }),
  route('DELETE', '/experiences/:uid', 'project', (req) => {
    const e = findExperience(req);
    req.project.experiences = req.project.experiences.filter((x) => x !== e);
    req.project.priority = req.project.priority.filter((u) => u !== e.uid);
    return { status: 204 };
  }),
];

export { objectId };
