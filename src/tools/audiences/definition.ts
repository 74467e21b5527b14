import { z } from 'zod';
import { CONDITIONS, NO_OPTIONS } from '../../rules/shape.js';
import { ToolInputError } from '../../api/errors.js';
import { MAX_RULES } from '../../rules/limits.js';
import { countLeaves } from '../../rules/shape.js';

/**
 * The audience definition grammar (docs/api.md §6.1), checked before anything is sent. Match options
 * for JSON_MATCH and the date/time conditions are not established, so their options pass through as
 * objects with a __type; everything the reference does establish is checked exactly.
 */
const AttributeRef = z.discriminatedUnion('__type', [
  z.looseObject({ __type: z.literal('PresetAttributeReference'), ref: z.string().min(1) }),
  z.looseObject({ __type: z.literal('CustomAttributeReference'), ref: z.string().min(1) }),
  z.looseObject({ __type: z.literal('LyticsAttributeReference'), ref: z.string().min(1) }),
]);

const Options = z.looseObject({ __type: z.string().min(1) });

// Loose objects: keys the grammar does not name are checked by nothing and sent as given.
const Rule = z
  .looseObject({
    __type: z.literal('Rule'),
    attribute: AttributeRef,
    attributeMatchCondition: z.enum(CONDITIONS),
    attributeMatchOptions: Options.optional(),
    invertCondition: z.boolean().default(false),
  })
  .refine((r) => NO_OPTIONS.has(r.attributeMatchCondition) || r.attributeMatchOptions !== undefined, {
    message: 'attributeMatchOptions is required for this condition',
  });

export type RuleCombination = { __type: 'RuleCombination'; combinationType: 'AND' | 'OR'; rules: Array<z.infer<typeof Rule> | RuleCombination> };

export const RuleCombinationSchema: z.ZodType<RuleCombination> = z.lazy(() =>
  z.looseObject({
    __type: z.literal('RuleCombination'),
    combinationType: z.enum(['AND', 'OR']),
    rules: z.array(z.union([Rule, RuleCombinationSchema])),
  }),
) as z.ZodType<RuleCombination>;

/** Validates a definition given by the assistant, with the path of the first problem. */
export function checkDefinition(input: unknown): RuleCombination {
  const parsed = RuleCombinationSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length ? `definition.${issue.path.join('.')}` : 'definition';
    throw new ToolInputError(`${at}: ${issue.message}. A definition is {"__type":"RuleCombination","combinationType":"AND"|"OR","rules":[Rule | RuleCombination]}.`);
  }
  const n = countLeaves(parsed.data);
  if (n > MAX_RULES) throw new ToolInputError(`The definition has ${n} rules; an audience may have at most ${MAX_RULES}. Split it into two audiences.`);
  return parsed.data;
}
