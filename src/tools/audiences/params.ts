import { z } from 'zod';

export const definition = z
  .record(z.string(), z.unknown())
  // The shape is get_audience's `definition`; rule text (rules) is the easier way in.
  .describe('RuleCombination JSON, as get_audience returns it; instead of rules');
