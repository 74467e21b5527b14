import { describeExcess, jsonExcess } from '../bounds/json.js';
import { INPUT_LIMITS } from '../bounds/limits.js';

/**
 * Every argument of a tool call within INPUT_LIMITS, or one sentence naming the first that is not. Run on
 * all arguments, not only the free-form ones (targeting, definition, variants' target, attributes,
 * liveAttributes, visitors…), so a field added later is bounded too; schema-typed ones pass trivially.
 */
export function inputExcess(args: Record<string, unknown>): string | undefined {
  for (const [field, value] of Object.entries(args)) {
    const excess = jsonExcess(value, INPUT_LIMITS);
    if (excess) return `${describeExcess(field, excess)} Nothing was sent.`;
  }
  return undefined;
}
