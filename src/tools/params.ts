import { z } from 'zod';

// Shared input fields; each description says where the value comes from.

/**
 * Uids go into URL paths, so they are checked; the check is a refinement, which zod applies but which
 * does not appear in the JSON Schema, to keep tools/list small.
 */
export const isUid = (s: string) => /^[A-Za-z0-9]{1,64}$/.test(s);
export const uidString = () => z.string().refine(isUid, 'must be a uid: letters and digits only');

/** Written once, in the server's instructions (src/server.ts): from list_projects, omitted for the default project. */
export const projectUid = uidString().optional();

/**
 * A length limit as a refinement: checked on every call, but not printed in tools/list, where a
 * maxLength on each field costs every assistant tokens and tells it nothing it needs to choose or call.
 */
export const atMost = (max: number) => [(s: string) => s.length <= max, `at most ${max} characters`] as const;
/** Not empty, the same way (a `minLength: 1` on each field would cost every assistant tokens). */
export const nonEmpty = [(s: string) => s.length > 0, 'must not be empty'] as const;

// An xUid comes from list_xs, as the server's instructions say once (src/server.ts); only the
// version's list is not named after it.
export const attributeUid = uidString();
export const audienceUid = uidString();
export const eventUid = uidString();
export const experienceUid = uidString();
export const versionUid = uidString().describe('From list_experience_versions');

export const name = z
  .string()
  .trim()
  .refine(...nonEmpty)
  .refine(...atMost(200));
export const description = z.string().refine((s) => s.length <= 2000, 'at most 2000 characters');

/** Output entities: the API returns more fields than these (tolerated and passed through). */
export const Entity = z.looseObject({ uid: z.string() });
export const entities = z.array(Entity);
