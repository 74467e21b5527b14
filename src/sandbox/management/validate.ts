import { CONDITIONS, NO_OPTIONS } from '../../rules/shape.js';
import { apiError, validationError } from '../errors.js';
import type { Project } from '../store.js';

export const isObjectId = (s: unknown): s is string => typeof s === 'string' && /^[a-f0-9]{24}$/i.test(s);

/** Class-validator style checks: collects every message, then throws one 400. */
export function requireFields(body: unknown, fields: Record<string, 'string' | 'array' | 'object' | 'string?' | 'array?'>): Record<string, unknown> {
  const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const messages: string[] = [];
  for (const [field, kind] of Object.entries(fields)) {
    const v = b[field];
    const optional = kind.endsWith('?');
    if (v === undefined || v === null) {
      if (!optional) messages.push(`${field} should not be empty`);
      continue;
    }
    const type = kind.replace('?', '');
    if (type === 'string' && (typeof v !== 'string' || (!optional && v.trim() === ''))) messages.push(`${field} must be a string`);
    if (type === 'array' && !Array.isArray(v)) messages.push(`${field} must be an array`);
    if (type === 'object' && (typeof v !== 'object' || Array.isArray(v))) messages.push(`${field} must be an object`);
  }
  if (messages.length) throw validationError(messages);
  return b;
}

const CONDITION_SET: ReadonlySet<string> = new Set(CONDITIONS);
export const PRESETS = ['COUNTRY', 'REGION', 'CITY', 'DEVICE_TYPE', 'OPERATING_SYSTEM', 'QUERY_PARAMETERS', 'REFERRER', 'DATE_AND_TIME'];

/** Walks a RuleCombination as the API would (docs/api.md §6.1), counting leaf rules; throws on the first problem. */
export function checkDefinition(def: unknown, project: Project, path = 'definition'): number {
  const d = def as Record<string, unknown> | undefined;
  if (!d || typeof d !== 'object' || d.__type !== 'RuleCombination') throw validationError([`${path}.__type must be RuleCombination`]);
  if (d.combinationType !== 'AND' && d.combinationType !== 'OR') throw validationError([`${path}.combinationType must be one of AND, OR (NOT_VALID_ENUM)`]);
  if (!Array.isArray(d.rules)) throw validationError([`${path}.rules must be an array`]);
  let count = 0;
  d.rules.forEach((r: Record<string, unknown>, i: number) => {
    const at = `${path}.rules.${i}`;
    if (r?.__type === 'RuleCombination') {
      count += checkDefinition(r, project, at);
      return;
    }
    if (r?.__type !== 'Rule') throw validationError([`${at}.__type must be Rule or RuleCombination`]);
    const attr = r.attribute as Record<string, unknown> | undefined;
    if (attr?.__type === 'PresetAttributeReference') {
      if (!PRESETS.includes(String(attr.ref))) throw validationError([`${at}.attribute.ref must be one of ${PRESETS.join(', ')}`]);
    } else if (attr?.__type === 'CustomAttributeReference') {
      if (!isObjectId(attr.ref)) throw apiError(400, 'personalize.AUDIENCES.INVALID_ATTRIBUTE', `${String(attr.ref)} is not a valid ObjectId`);
      if (!project.attributes.some((a) => a.uid === attr.ref)) throw apiError(400, 'personalize.AUDIENCES.ATTRIBUTE_NOT_FOUND', `Attribute ${String(attr.ref)} does not exist`);
    } else if (attr?.__type !== 'LyticsAttributeReference') {
      throw validationError([`${at}.attribute.__type must be PresetAttributeReference, CustomAttributeReference or LyticsAttributeReference`]);
    }
    const cond = String(r.attributeMatchCondition);
    if (!CONDITION_SET.has(cond)) throw validationError([`${at}.attributeMatchCondition must be a valid enum value (NOT_VALID_ENUM)`]);
    const opts = r.attributeMatchOptions as Record<string, unknown> | undefined;
    if (!NO_OPTIONS.has(cond) && (!opts || typeof opts.__type !== 'string')) throw validationError([`valid matchOptions is required for ${cond} condition`]);
    if (opts?.__type === 'NumberMatchOptions' && typeof opts.value !== 'number') throw validationError([`${at}.attributeMatchOptions.value must be a number`]);
    if (opts?.__type === 'StringMatchOptions' && typeof opts.value !== 'string') throw validationError([`${at}.attributeMatchOptions.value must be a string`]);
    if (r.invertCondition !== undefined && typeof r.invertCondition !== 'boolean') throw validationError([`${at}.invertCondition must be a boolean`]);
    count++;
  });
  return count;
}

export const MAX_RULES = 50;

export function checkAudienceDefinition(def: unknown, project: Project): void {
  const n = checkDefinition(def, project);
  if (n > MAX_RULES)
    throw apiError(400, 'personalize.AUDIENCES.RULE_COUNT_EXCEEDED', `An audience can have at most ${MAX_RULES} rules (personalizeRulesPerAudience); this one has ${n}.`);
}
