import type { JsonLimits } from './json.js';

/**
 * Every argument of a tool call, checked before anything runs (src/server.ts). Depth 32 leaves room for
 * the deepest legitimate input: a variant's inline target nesting the rule language's 10 groups
 * (src/rules/limits.ts) is about 25 levels.
 */
export const INPUT_LIMITS: JsonLimits = {
  depth: 32,
  keysPerObject: 1000,
  keysTotal: 20_000,
  bytes: 512 * 1024,
};

/**
 * Elements of all arguments together, counted by the SDK before its schema check (McpServer's
 * maxToolInputElements): a backstop well above the per-argument limits, so that those name the field.
 */
export const MAX_TOOL_INPUT_ELEMENTS = 100_000;

/** An upstream answer is not read past this many bytes (Management and Edge alike). */
export const MAX_UPSTREAM_BODY_BYTES = 8 * 1024 * 1024;

/**
 * An upstream answer nested deeper than this is refused when parsed: the rule functions that walk
 * definitions recurse (src/rules/*, src/tools/dependents.ts), and real answers nest about 30 deep.
 */
export const MAX_UPSTREAM_DEPTH = 128;

/** Default of PERSONALIZE_MAX_RESULT_BYTES: one tool result, structured and text content together. */
export const DEFAULT_MAX_RESULT_BYTES = 256 * 1024;

/** List tools: items per page by default and at most. */
export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;
