import type { Project, Tracked } from '../store.js';
import { edgeError } from './respond.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * PATCH /user-attributes: a flat object of custom attribute keys to scalars, stored for the visitor
 * (new values win). The reference says keys must be existing custom attribute keys; the sandbox refuses
 * the whole request (400, nothing stored) when one is not, and when a value is not a string, number or
 * boolean (objects are not supported), so a mistake is seen rather than silently dropped.
 */
export function setAttributes(project: Project, userUid: string, body: unknown): void {
  if (!isPlainObject(body)) throw edgeError(400, 'personalize.USER_ATTRIBUTES.INVALID_BODY', 'The body must be a JSON object of attribute keys to values');
  const known = new Set(project.attributes.filter((a) => a.__type !== 'PRESET').map((a) => String(a.key)));
  const unknown = Object.keys(body).filter((k) => !known.has(k));
  if (unknown.length) {
    throw edgeError(
      400,
      'personalize.USER_ATTRIBUTES.ATTRIBUTE_NOT_FOUND',
      `No custom attribute with key ${unknown.join(', ')} in this project; create it first (known keys: ${[...known].join(', ') || 'none'})`,
    );
  }
  const bad = Object.entries(body).filter(([, v]) => !['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'number' && !Number.isFinite(v)));
  if (bad.length) {
    throw edgeError(
      400,
      'personalize.USER_ATTRIBUTES.INVALID_ATTRIBUTE_VALUE',
      `Attribute values must be strings, numbers or booleans (not objects, lists or null): ${bad.map(([k]) => k).join(', ')}`,
    );
  }
  project.visitors.set(userUid, { ...project.visitors.get(userUid), ...body });
}

/**
 * POST /user-attributes/actions/merge: "attributes collected for source are merged into target". On a
 * key both have, the source's value wins: the source is typically the anonymous visitor whose attributes
 * were just collected, and the SDK calls this to preserve them under the login id. The source keeps its
 * attributes (whether the API clears them is not established); merging a visitor into itself changes nothing.
 */
export function mergeVisitors(project: Project, body: unknown): void {
  const source = isPlainObject(body) ? body.sourceUserUid : undefined;
  const target = isPlainObject(body) ? body.targetUserUid : undefined;
  if (typeof source !== 'string' || !source.trim() || typeof target !== 'string' || !target.trim()) {
    throw edgeError(400, 'personalize.USER_ATTRIBUTES.INVALID_MERGE_BODY', 'sourceUserUid and targetUserUid are both required strings');
  }
  const from = project.visitors.get(source);
  if (!from || source === target) return;
  project.visitors.set(target, { ...project.visitors.get(target), ...from });
}

/**
 * POST /events: a JSON array of `{type:"IMPRESSION", experienceShortUid, variantShortUid}` and
 * `{type:"EVENT", eventKey}`. Every item is checked before any is recorded (all or nothing). An impression
 * is recorded against the experience's active version (a paused one still takes late impressions); an
 * event must be one of the project's event keys and is recorded as a CONVERSION.
 */
export function recordEvents(project: Project, userUid: string, body: unknown, now = Date.now()): number {
  if (!Array.isArray(body)) throw edgeError(400, 'personalize.EVENTS.INVALID_BODY', 'The body must be a JSON array of events');
  const out: Tracked[] = body.map((item, i) => {
    if (!isPlainObject(item)) throw edgeError(400, 'personalize.EVENTS.INVALID_EVENT', `Event ${i} must be an object`);
    if (item.type === 'EVENT') {
      if (typeof item.eventKey !== 'string' || !project.events.some((e) => e.key === item.eventKey)) {
        throw edgeError(400, 'personalize.EVENTS.EVENT_NOT_FOUND', `Event ${i}: no event with key ${String(item.eventKey)} in this project`);
      }
      return { at: now, userUid, experienceUid: '', versionUid: '', variantShortUid: '', type: 'CONVERSION', eventKey: item.eventKey };
    }
    if (item.type !== 'IMPRESSION') throw edgeError(400, 'personalize.EVENTS.INVALID_EVENT', `Event ${i}: type must be IMPRESSION or EVENT`);
    const e = project.experiences.find((x) => x.shortUid === String(item.experienceShortUid));
    if (!e) throw edgeError(400, 'personalize.EVENTS.EXPERIENCE_NOT_FOUND', `Event ${i}: no experience with shortUid ${String(item.experienceShortUid)}`);
    const v = e.versions.find((x) => x.status === 'ACTIVE') ?? e.versions.find((x) => x.status === 'PAUSED');
    if (!v) throw edgeError(400, 'personalize.EVENTS.EXPERIENCE_NOT_ACTIVE', `Event ${i}: experience ${e.shortUid} has never been live`);
    const variant = v.variants.find((x) => String(x.shortUid) === String(item.variantShortUid));
    if (!variant) throw edgeError(400, 'personalize.EVENTS.VARIANT_NOT_FOUND', `Event ${i}: experience ${e.shortUid} has no live variant ${String(item.variantShortUid)}`);
    return { at: now, userUid, experienceUid: e.uid, versionUid: v.uid, variantShortUid: String(variant.shortUid), type: 'IMPRESSION' };
  });
  project.tracked.push(...out);
  return out.length;
}
