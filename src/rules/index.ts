import type { Attributes } from './attributes.js';
import { english } from './english.js';
import { render } from './render.js';
import { countLeaves } from './shape.js';

export { Attributes } from './attributes.js';
export { canonical } from './canonical.js';
export { compile, type Compiled } from './compile.js';
export { diff, type Diff } from './diff.js';
export { english } from './english.js';
export { RuleError } from './errors.js';
export { DEFAULT_ABSENT_INVERTED, matches, type AbsentInverted, type MatchOptions } from './evaluate.js';
export { GRAMMAR } from './grammar.js';
export { MAX_DEPTH, MAX_RULES, MAX_TEXT_LENGTH } from './limits.js';
export { render, renderMember } from './render.js';
export { sameJson } from './shape.js';
export { visitorFrom } from './visitor.js';

export interface Description {
  rules: string;
  english: string;
  warnings: string[];
  ruleCount: number;
}

/** A definition as rule text and English, with what a person should know about it. */
export function describeDefinition(definition: unknown, attributes: Attributes): Description {
  const r = render(definition, attributes);
  return { rules: r.text, english: english(definition, attributes), warnings: r.warnings, ruleCount: countLeaves(definition) };
}
