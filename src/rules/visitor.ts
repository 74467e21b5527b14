import type { Attributes } from './attributes.js';
import type { Visitor } from './evaluate.js';
import { normaliseCity, normaliseRegion } from '../geo/index.js';
import { normaliseCountry, presetByName } from './presets.js';

/** A sample value in the form the API holds: "Canada" → "CA", "California" → "US-CA", "Chicago" → "chicago,IL,US"; else as given. */
function normalisePreset(ref: string, value: string): string {
  if (ref === 'COUNTRY') return normaliseCountry(value) ?? value;
  const r = ref === 'REGION' ? normaliseRegion(value) : ref === 'CITY' ? normaliseCity(value) : undefined;
  return r && 'value' in r ? r.value : value;
}

/**
 * A sample visitor as an assistant writes it — preset names in snake_case and custom attribute keys
 * (or names) to values — in the evaluator's form. Keys that are neither are reported, not guessed.
 */
export function visitorFrom(values: Record<string, unknown>, attributes: Attributes): { visitor: Visitor; unknown: string[] } {
  const visitor: Visitor = { presets: {}, custom: {} };
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (key === 'lytics_audiences') {
      visitor.lyticsAudiences = (Array.isArray(value) ? value : [value]).map(String);
      continue;
    }
    const preset = presetByName(key);
    if (preset) {
      visitor.presets[preset.ref] = typeof value === 'string' ? normalisePreset(preset.ref, value) : value;
      continue;
    }
    const r = attributes.resolve({ text: key, form: 'word', offset: 0 }) ?? attributes.resolve({ text: key, form: 'quoted', offset: 0 });
    if (r?.kind === 'custom') visitor.custom[r.attribute.uid] = value;
    else unknown.push(key);
  }
  return { visitor, unknown };
}
