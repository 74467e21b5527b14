import { z } from 'zod';

// Shared input fields; each description says where the value comes from.

/**
 * Uids go into URL paths, so they are checked; the check is a refinement, which zod applies but which
 * does not appear in the JSON Schema, to keep tools/list small.
 */
export const isUid = (s: string) => /^[A-Za-z0-9]{1,64}$/.test(s);
export const uidString = () => z.string().refine(isUid, 'must be a uid: letters and digits only');

export const projectUid = uidString().optional().describe('Project uid (list_projects); default PERSONALIZE_PROJECT_UID');

const uid = (what: string, from: string) => uidString().describe(`${what} uid (${from})`);

export const attributeUid = uid('Attribute', 'list_attributes');
export const audienceUid = uid('Audience', 'list_audiences');
export const eventUid = uid('Event', 'list_events');
export const experienceUid = uid('Experience', 'list_experiences');
export const versionUid = uid('Version', 'list_experience_versions');

export const name = z
  .string()
  .trim()
  .min(1)
  .refine((s) => s.length <= 200, 'at most 200 characters');
export const description = z.string().refine((s) => s.length <= 2000, 'at most 2000 characters');

/** Output entities: the API returns more fields than these (tolerated and passed through). */
export const Entity = z.looseObject({ uid: z.string() });
export const entities = z.array(Entity);
