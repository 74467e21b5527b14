import { apiError, validationError } from '../errors.js';
import { route, type Route, type SandboxRequest } from '../router.js';
import { keepUnknown, touch, type Experience, type Version } from '../store.js';
import { findExperience, newVersion, syncCms } from './experiences.js';
import { checkDefinition, isObjectId } from './validate.js';

const V = 'personalize.EXPERIENCES.VERSIONS';
const STATUSES = ['DRAFT', 'ACTIVE', 'PAUSED'];

/** What the sandbox models or sets on a version; any other field a write sends (variantSplit…) is stored as sent. */
const VERSION_OWN = ['status', 'variants', 'metrics', 'targeting', 'experience', 'experienceUid', 'versionNumber', 'activatedAt', 'firstActivatedAt'];

/** Under EQUALLY_SPLIT Personalize evens out the split (docs/evidence.md): hundredths, the remainder to the first. */
function evenSplit(e: Experience, body: Record<string, unknown>, variants: Array<Record<string, unknown>>): void {
  if (e.__type !== 'AB_TEST' || body.variantSplit !== 'EQUALLY_SPLIT' || variants.length === 0) return;
  const share = Math.floor(10_000 / variants.length) / 100;
  variants.forEach((v, i) => {
    v.trafficDistribution = i === 0 ? Math.round((100 - share * (variants.length - 1)) * 100) / 100 : share;
  });
}

function findVersion(e: Experience, uid: string | undefined): Version {
  const v = e.versions.find((x) => x.uid === uid);
  if (!v) throw apiError(404, `${V}.NOT_FOUND`, `Version ${uid} not found`);
  return v;
}

/**
 * Validates a variants array for the experience's type (docs/api.md §8.3) and gives each variant its
 * shortUid: kept when it names one this experience already issued, else a fresh, never-reused number.
 */
function checkVariants(req: SandboxRequest, e: Experience, variants: unknown, previous: Version | undefined): Array<Record<string, unknown>> {
  if (!Array.isArray(variants)) throw validationError([`variants must be an array (${V}.VARIANTS_NOT_ARRAY)`]);
  const wanted = e.__type === 'SEGMENTED' ? 'SegmentedVariant' : 'ABTestVariant';
  const known = new Set(e.versions.flatMap((v) => v.variants.map((x) => String(x.shortUid))));
  return variants.map((raw: Record<string, unknown>, i) => {
    const at = `variants.${i}`;
    if (!raw || typeof raw !== 'object') throw validationError([`${at} must be an object`]);
    if (raw.__type !== wanted) throw validationError([`${at}.__type must be ${wanted} for a ${e.__type} experience (NOT_VALID_ENUM)`]);
    if (typeof raw.name !== 'string' || !raw.name.trim()) throw validationError([`${at}.name should not be empty`]);
    if (wanted === 'SegmentedVariant') {
      const audiences = raw.audiences;
      const lytics = Array.isArray(raw.lyticsAudiences) ? raw.lyticsAudiences : [];
      if (!Array.isArray(audiences)) throw validationError([`${at}.audiences must be an array`]);
      // Inline rules (the "v2" form) stand in for audiences: audiences: [] beside target (docs/evidence.md).
      if (raw.target !== undefined) checkDefinition(raw.target, req.project, `${at}.target`);
      if (audiences.length === 0 && lytics.length === 0 && raw.target === undefined) throw validationError([`${at}.audiences should not be empty (EMPTY_ARRAY)`]);
      for (const a of audiences) {
        if (!isObjectId(a)) throw apiError(400, `${V}.INVALID_AUDIENCE`, `${String(a)} is not a valid ObjectId`);
        if (!req.project.audiences.some((x) => x.uid === a)) throw apiError(400, `${V}.AUDIENCE_NOT_FOUND`, `Audience ${String(a)} does not exist`);
      }
      if (raw.audienceCombinationType !== 'AND' && raw.audienceCombinationType !== 'OR')
        throw validationError([`${at}.audienceCombinationType must be one of AND, OR (NOT_VALID_ENUM)`]);
    } else if (typeof raw.trafficDistribution !== 'number' || raw.trafficDistribution < 0 || raw.trafficDistribution > 100) {
      throw validationError([`${at}.trafficDistribution must be a number between 0 and 100`]);
    }
    const byName = previous?.variants.find((x) => x.name === raw.name);
    const shortUid =
      raw.shortUid !== undefined && known.has(String(raw.shortUid))
        ? String(raw.shortUid)
        : raw.shortUid === undefined && byName
          ? String(byName.shortUid)
          : String(e.nextVariantShortUid++);
    return { ...raw, shortUid };
  });
}

function checkForLive(e: Experience, variants: Array<Record<string, unknown>>): void {
  if (variants.length === 0) throw validationError([`variants should not be empty (${V}.EMPTY_ARRAY)`]);
  if (e.__type === 'AB_TEST') {
    if (variants.length < 2) throw apiError(400, `${V}.MIN_VARIANTS`, 'An A/B test needs at least 2 variants');
    const sum = variants.reduce((s, v) => s + Number(v.trafficDistribution), 0);
    if (Math.abs(sum - 100) > 1e-9) throw apiError(400, `${V}.INVALID_TRAFFIC_DISTRIBUTION`, `Traffic distribution must add up to 100, not ${sum}`);
  }
}

/** Going live archives whatever version was live before (docs/api.md §8.3). */
function goLive(e: Experience, v: Version): void {
  for (const other of e.versions)
    if (other !== v && (other.status === 'ACTIVE' || other.status === 'PAUSED')) {
      other.status = 'ARCHIVED';
      touch(other);
    }
  v.status = 'ACTIVE';
  v.activatedAt ??= new Date().toISOString();
}

function sameVariants(a: Array<Record<string, unknown>>, b: Array<Record<string, unknown>>): boolean {
  const norm = (xs: Array<Record<string, unknown>>) =>
    JSON.stringify(
      xs.map(({ shortUid, __type, name, audiences, audienceCombinationType, trafficDistribution }) => ({
        shortUid,
        __type,
        name,
        audiences,
        audienceCombinationType,
        trafficDistribution,
      })),
    );
  return norm(a) === norm(b);
}

export const versionRoutes: Route[] = [
  route('GET', '/experiences/:uid/versions', 'project', (req) => ({ body: [...findExperience(req).versions].reverse() })),
  route('GET', '/experiences/:uid/versions/:versionUid', 'project', (req) => {
    throw apiError(404, 'Not Found', `Cannot GET ${req.path}`);
  }),
  route('POST', '/experiences/:uid/versions', 'project', (req) => {
    const e = findExperience(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const status = (body.status ?? 'DRAFT') as Version['status'];
    if (!STATUSES.includes(status)) throw validationError([`status must be one of DRAFT, ACTIVE, PAUSED (${V}.INVALID_STATUS)`]);
    if (status === 'DRAFT' && e.versions.some((v) => v.status === 'DRAFT')) {
      throw apiError(400, `${V}.CANNOT_CREATE_VERSION_AS_DRAFT_ALREADY_EXISTS`, 'A draft version already exists for this experience');
    }
    const variants = checkVariants(req, e, body.variants ?? [], undefined);
    if (status !== 'DRAFT') checkForLive(e, variants);
    evenSplit(e, body, variants);
    const v = newVersion('DRAFT', { variants, metrics: body.metrics ?? [], targeting: body.targeting ?? {}, experience: e.uid });
    keepUnknown(v, body, VERSION_OWN);
    e.versions.push(v);
    if (status === 'ACTIVE') goLive(e, v);
    else if (status === 'PAUSED') {
      for (const o of e.versions) if (o !== v && (o.status === 'ACTIVE' || o.status === 'PAUSED')) o.status = 'ARCHIVED';
      v.status = 'PAUSED';
    }
    syncCms(e);
    touch(e);
    return { status: 201, body: v };
  }),
  route('PUT', '/experiences/:uid/versions/:versionUid', 'project', (req) => {
    const e = findExperience(req);
    const v = findVersion(e, req.params.versionUid);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.status === undefined)
      throw validationError([`status should not be empty (${V}.STATUS_REQUIRED)`, `status must be one of DRAFT, ACTIVE, PAUSED (${V}.INVALID_STATUS)`]);
    if (!STATUSES.includes(String(body.status))) throw validationError([`status must be one of DRAFT, ACTIVE, PAUSED (${V}.INVALID_STATUS)`]);
    if (!Array.isArray(body.variants)) throw validationError([`variants must be an array (${V}.VARIANTS_NOT_ARRAY)`]);
    const status = body.status as Version['status'];
    const variants = checkVariants(req, e, body.variants, v);
    if (v.status === 'ARCHIVED') throw apiError(400, `${V}.CANNOT_UPDATE_LOCKED_VERSION`, 'This version is archived and locked');
    if (v.status === 'ACTIVE' || v.status === 'PAUSED') {
      // Live and paused versions are locked: only their status may move (pause / resume), with the same variants.
      if (status === 'DRAFT') throw apiError(400, `${V}.CANNOT_MARK_VERSION_AS_DRAFT`, 'A version that has been live cannot become a draft again');
      if (status === v.status || !sameVariants(v.variants, variants) || (body.metrics !== undefined && JSON.stringify(body.metrics) !== JSON.stringify(v.metrics))) {
        throw apiError(400, `${V}.CANNOT_UPDATE_LOCKED_VERSION`, 'This version is locked; create a new draft version to make changes');
      }
      if (status === 'ACTIVE') goLive(e, v);
      else v.status = 'PAUSED';
    } else {
      evenSplit(e, body, variants);
      if (status !== 'DRAFT') checkForLive(e, variants);
      v.variants = variants;
      keepUnknown(v, body, VERSION_OWN);
      if (body.metrics !== undefined) v.metrics = body.metrics;
      if (body.targeting !== undefined) v.targeting = body.targeting;
      if (status === 'ACTIVE') goLive(e, v);
      else if (status === 'PAUSED') {
        for (const o of e.versions) if (o !== v && o.status === 'ACTIVE') o.status = 'ARCHIVED';
        v.status = 'PAUSED';
      }
    }
    touch(v);
    touch(e);
    syncCms(e);
    return { body: v };
  }),
  route('DELETE', '/experiences/:uid/versions/:versionUid', 'project', (req) => {
    const e = findExperience(req);
    const v = findVersion(e, req.params.versionUid);
    // Only drafts may go; the code for refusing the others is not established (docs/evidence.md): the locked one is used.
    if (v.status !== 'DRAFT') throw apiError(400, `${V}.CANNOT_UPDATE_LOCKED_VERSION`, `A ${v.status} version is locked and cannot be deleted; only a draft can`);
    if (e.versions.length === 1) throw apiError(400, `${V}.CANNOT_DELETE_ONLY_DRAFT`, 'An experience must keep at least one version (CANNOT_DELETE_ONLY_DRAFT)');
    e.versions = e.versions.filter((x) => x !== v);
    return { status: 204 };
  }),
];
