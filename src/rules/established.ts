/**
 * Preset rules whose wire shape public evidence does not establish (docs/api.md §15.3, §17): the compiler
 * refuses them rather than guess, and points at raw {…}. Rules of these kinds read back from the API
 * render as raw and compile back unchanged; the evaluator still reads the forms it understands.
 *
 * To switch one on once evidence is found (the live /openapi document, or an audience built in the UI and
 * read back with GET /audiences): delete its entry here and compile its conditions to the shape found.
 */
interface Unestablished {
  /** Why, as a clause: "the API's option shape for … is not established, so the server will not guess it". */
  why: string;
  /** `is set` / `is not set` (HAS_ANY_VALUE, which takes no options) are still accepted. */
  presenceAllowed: boolean;
}

const NOT_ESTABLISHED: Readonly<Record<string, Unestablished>> = {
  DATE_AND_TIME: { why: "the API's option shape for BEFORE_TIME/AFTER_TIME/BETWEEN_TIME is not established, so the server will not guess it", presenceAllowed: false },
  QUERY_PARAMETERS: { why: "the API's option shape for JSON_MATCH is not established, so the server will not guess it", presenceAllowed: true },
  OPERATING_SYSTEM: { why: 'the wire values of OPERATING_SYSTEM (IOS or iOS, MACOS or macOS, …) are not established, so the server will not guess them', presenceAllowed: true },
};

const PRESENCE = new Set(['is set', 'is not set']);

/** The one-sentence refusal for a condition on this preset, or undefined when its shape is established. */
export function refusal(name: string, ref: string, operator: string): string | undefined {
  const entry = NOT_ESTABLISHED[ref];
  if (!entry || (entry.presenceAllowed && PRESENCE.has(operator))) return undefined;
  return `${name} rules: ${entry.why}; write the rule as raw {"__type":"Rule",…} copied from an audience built in the Personalize UI`;
}
