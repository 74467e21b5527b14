/** Bounds on what the rule language accepts; each is checked with its own clear error. */
export const MAX_RULES = 50;
/** Parentheses and `not`s nested deeper than this are refused, as are deeper groups in raw JSON. */
export const MAX_DEPTH = 10;
export const MAX_TEXT_LENGTH = 10_000;
