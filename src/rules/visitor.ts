import type { Attributes } from './attributes.js';
import type { Visitor } from './evaluate.js';
import { normaliseCountry, presetByName } from './presets.js';

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
      visitor.presets[preset.ref] = preset.ref === 'COUNTRY' && typeof value === 'string' ? normaliseCountry(value) ?? value : value;
      continue;
    }
    const r = attributes.resolve({ text: key, form: 'word', offset: 0 }) ?? attributes.resolve({ text: key, form: 'quoted', offset: 0 });
    if (r?.kind === 'custom') visitor.custom[r.attribute.uid] = value;
    else unknown.push(key);
  }
  return { visitor, unknown };
}
