import { isLyticsAudience } from '../../api/management/audiences.js';
import { apiError } from '../errors.js';
import { route, type Route, type SandboxRequest } from '../router.js';
import { keepUnknown, stamp, touch, type Doc, type Project } from '../store.js';
import { checkAudienceDefinition, requireFields } from './validate.js';

type Kind = 'attributes' | 'audiences' | 'events';

interface Spec {
  kind: Kind;
  area: string;
  fields: Record<string, 'string' | 'object' | 'string?'>;
  /** A field that must be unique in the project ([I]: duplicates are reported to 400, docs/api.md §5/§7). */
  unique?: string;
  check?: (body: Record<string, unknown>, project: Project) => void;
  extra?: Record<string, unknown>;
}

const SPECS: Spec[] = [
  { kind: 'attributes', area: 'ATTRIBUTES', fields: { name: 'string', key: 'string', description: 'string?' }, unique: 'key', extra: { __type: 'CUSTOM' } },
  { kind: 'audiences', area: 'AUDIENCES', fields: { name: 'string', description: 'string?', definition: 'object' }, check: (b, p) => checkAudienceDefinition(b.definition, p) },
  { kind: 'events', area: 'EVENTS', fields: { key: 'string', description: 'string?' }, unique: 'key' },
];

function find(spec: Spec, req: SandboxRequest): Doc {
  const doc = req.project[spec.kind].find((d) => d.uid === req.params.uid);
  if (!doc) throw apiError(404, `personalize.${spec.area}.NOT_FOUND`, `${spec.kind.slice(0, -1)} ${req.params.uid} not found`);
  return doc;
}

function assertUnique(spec: Spec, project: Project, body: Record<string, unknown>, self?: string): void {
  if (!spec.unique) return;
  const clash = project[spec.kind].find((d) => d.uid !== self && d[spec.unique!] === body[spec.unique!]);
  if (clash)
    throw apiError(
      400,
      `personalize.${spec.area}.DUPLICATE_${spec.unique.toUpperCase()}`,
      `A ${spec.kind.slice(0, -1)} with ${spec.unique} "${String(body[spec.unique])}" already exists`,
    );
}

function writable(spec: Spec, body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(spec.fields)
      .filter((f) => body[f] !== undefined)
      .map((f) => [f, body[f]]),
  );
}

function routesFor(spec: Spec): Route[] {
  const base = `/${spec.kind}`;
  return [
    // Lytics-synced audiences are listed when asked for (docs/api.md §17); the sandbox lists them only then.
    route('GET', base, 'project', (req) => ({
      body: req.query.get('includeLyticsAudiences') === 'true' ? req.project[spec.kind] : req.project[spec.kind].filter((d) => !isLyticsAudience(d)),
    })),
    route('POST', base, 'project', (req) => {
      const body = requireFields(req.body, spec.fields);
      assertUnique(spec, req.project, body);
      spec.check?.(body, req.project);
      const doc = stamp({ ...writable(spec, body), ...spec.extra }, req.project.uid);
      keepUnknown(doc, body, [...Object.keys(spec.fields), ...Object.keys(spec.extra ?? {})]);
      req.project[spec.kind].push(doc);
      return { status: 201, body: doc };
    }),
    route('PUT', `${base}/:uid`, 'project', (req) => {
      const doc = find(spec, req);
      if (doc.__type === 'PRESET') throw apiError(400, `personalize.${spec.area}.PRESET_NOT_EDITABLE`, 'Preset attributes cannot be edited');
      if (isLyticsAudience(doc)) throw apiError(400, `personalize.${spec.area}.LYTICS_NOT_EDITABLE`, 'Lytics audiences cannot be edited here');
      const body = requireFields(req.body, spec.fields);
      assertUnique(spec, req.project, body, doc.uid);
      spec.check?.(body, req.project);
      for (const f of Object.keys(spec.fields)) if (f !== 'description' || body[f] !== undefined) doc[f] = body[f];
      keepUnknown(doc, body, [...Object.keys(spec.fields), ...Object.keys(spec.extra ?? {}), 'source']);
      touch(doc);
      return { body: doc };
    }),
    route('DELETE', `${base}/:uid`, 'project', (req) => {
      const doc = find(spec, req);
      if (doc.__type === 'PRESET') throw apiError(400, `personalize.${spec.area}.PRESET_NOT_EDITABLE`, 'Preset attributes cannot be deleted');
      req.project[spec.kind] = req.project[spec.kind].filter((d) => d !== doc);
      return { status: 204 };
    }),
  ];
}

export const collectionRoutes: Route[] = SPECS.flatMap(routesFor);
