import { apiError, validationError } from '../errors.js';
import { route, type Route } from '../router.js';
import { experienceStatus, keepUnknown, stamp, touch, type Project } from '../store.js';
import { findExperience } from './experiences.js';
import { requireFields } from './validate.js';
import { COUNTRIES, REGIONS, CITIES } from '../geo-data.js';
import { summary, timeSeries } from '../analytics.js';

function projectView(p: Project): Record<string, unknown> {
  const { attributes, audiences, events, experiences, priority: _p, nextExperienceShortUid: _n, tracked: _t, visitors: _v, ...rest } = p;
  return {
    ...rest,
    audienceCount: audiences.length,
    activeExperienceCount: experiences.filter((e) => experienceStatus(e) === 'ACTIVE').length,
    attributeCount: attributes.filter((a) => a.__type !== 'PRESET').length,
    eventCount: events.length,
  };
}

export const priorityRoutes: Route[] = [
  // The GET response shape is not established (docs/api.md §9); the sandbox mirrors the PUT body.
  route('GET', '/experiences-priority', 'project', (req) => ({ body: { priorityOrder: req.project.priority } })),
  route('PUT', '/experiences-priority', 'project', (req) => {
    const body = requireFields(req.body, { priorityOrder: 'array' });
    const order = body.priorityOrder as unknown[];
    const all = req.project.experiences.map((e) => e.uid);
    const missing = all.filter((u) => !order.includes(u));
    if (missing.length)
      throw apiError(400, 'personalize.EXPERIENCES_PRIORITY.MISSING_EXPERIENCES', `priorityOrder is missing experiences: ${missing.join(', ')} (MISSING_EXPERIENCES)`);
    const unknown = order.filter((u) => !all.includes(String(u)));
    if (unknown.length || new Set(order).size !== order.length) throw validationError([`priorityOrder has unknown or repeated experiences: ${unknown.join(', ')}`]);
    req.project.priority = order.map(String);
    return { body: { priorityOrder: req.project.priority } };
  }),
];

export const analyticsRoutes: Route[] = [
  route('GET', '/experiences/:uid/analytics/summary', 'project', (req) => ({ body: summary(req.project, findExperience(req), req.query.get('version')) })),
  route('GET', '/experiences/:uid/analytics/time-series', 'project', (req) => ({ body: timeSeries(req.project, findExperience(req), req.query.get('version')) })),
];

// Geolocation answers with only an authtoken, no x-project-uid (docs/api.md §11).
export const geoRoutes: Route[] = [
  route('GET', '/geolocation/countries', 'org', () => ({ body: COUNTRIES })),
  route('GET', '/geolocation/regions', 'org', () => ({ body: REGIONS })),
  route('GET', '/geolocation/cities', 'org', () => ({ body: CITIES })),
];

/** What the sandbox models or derives on a project; other fields a write sends are stored as sent. */
const PROJECT_OWN = [
  'name',
  'description',
  'connectedStackApiKey',
  'organizationUid',
  'audienceCount',
  'activeExperienceCount',
  'attributeCount',
  'eventCount',
  'attributes',
  'audiences',
  'events',
  'experiences',
  'priority',
  'nextExperienceShortUid',
  'tracked',
  'visitors',
];

export const projectRoutes: Route[] = [
  route('GET', '/projects', 'org', (req) => {
    const key = req.query.get('connectedStackApiKey');
    const mine = req.store.projects.filter((p) => p.organizationUid === req.organizationUid && (!key || p.connectedStackApiKey === key));
    return { body: mine.map(projectView) };
  }),
  route('POST', '/projects', 'org', (req) => {
    const body = requireFields(req.body, { name: 'string', description: 'string?', connectedStackApiKey: 'string?' });
    const mine = req.store.projects.filter((p) => p.organizationUid === req.organizationUid);
    if (mine.some((p) => p.name === body.name))
      throw apiError(400, 'personalize.PROJECTS.DUPLICATE_NAME', `A project named "${String(body.name)}" already exists (personalize.PROJECTS.DUPLICATE_NAME)`);
    if (mine.length >= req.store.projectCap)
      throw apiError(400, 'personalize.PROJECTS.LIMIT_REACHED', `The organization has reached its limit of ${req.store.projectCap} projects`);
    const project = newProject(req.organizationUid, body);
    req.store.projects.push(project);
    return { status: 201, body: projectView(project) };
  }),
  route('PUT', '/projects/:uid', 'org', (req) => {
    const p = req.store.projects.find((x) => x.uid === req.params.uid && x.organizationUid === req.organizationUid);
    if (!p) throw apiError(404, 'personalize.PROJECTS.NOT_FOUND', `Project ${req.params.uid} not found`);
    const body = requireFields(req.body, { name: 'string', description: 'string?', connectedStackApiKey: 'string?' });
    if (req.store.projects.some((x) => x !== p && x.organizationUid === p.organizationUid && x.name === body.name)) {
      throw apiError(400, 'personalize.PROJECTS.DUPLICATE_NAME', `A project named "${String(body.name)}" already exists`);
    }
    p.name = String(body.name);
    if (body.description !== undefined) p.description = body.description;
    if (body.connectedStackApiKey !== undefined) p.connectedStackApiKey = body.connectedStackApiKey;
    keepUnknown(p, body, PROJECT_OWN);
    touch(p);
    return { body: projectView(p) };
  }),
];

export function newProject(organizationUid: string, body: Record<string, unknown>): Project {
  return {
    ...stamp({ name: body.name, description: body.description ?? '', connectedStackApiKey: body.connectedStackApiKey, organizationUid }),
    organizationUid,
    attributes: PRESET_ATTRIBUTES.map((a) => stamp({ ...a, __type: 'PRESET' })),
    audiences: [],
    events: [],
    experiences: [],
    priority: [],
    nextExperienceShortUid: 0,
    tracked: [],
    visitors: new Map(),
  } as unknown as Project;
}

const PRESET_ATTRIBUTES = [
  { name: 'Country', key: 'COUNTRY' },
  { name: 'Region', key: 'REGION' },
  { name: 'City', key: 'CITY' },
  { name: 'Device Type', key: 'DEVICE_TYPE' },
  { name: 'Operating System', key: 'OPERATING_SYSTEM' },
  { name: 'Query Parameter', key: 'QUERY_PARAMETERS' },
  { name: 'Referrer', key: 'REFERRER' },
  { name: 'Date and Time', key: 'DATE_AND_TIME' },
];
