import { z } from 'zod';

export const definition = z
  .record(z.string(), z.unknown())
  .describe(
    'RuleCombination JSON: {"__type":"RuleCombination","combinationType":"AND"|"OR","rules":[{"__type":"Rule","attribute":{"__type":"PresetAttributeReference"|"CustomAttributeReference","ref":"COUNTRY"|attribute uid},"attributeMatchCondition":"STRING_EQUALS"…,"attributeMatchOptions":{"__type":"StringMatchOptions"|"NumberMatchOptions","value":…},"invertCondition":false}|RuleCombination]}',
  );
