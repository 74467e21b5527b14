import { z } from 'zod';

/** Shared input fields; each description says where the value comes from. */
export const projectUid = z
  .string()
  .regex(/^[A-Za-z0-9]{1,64}$/, 'a project uid is letters and digits')
  .optional()
  .describe('Project uid (list_projects); defaults to PERSONALIZE_PROJECT_UID');

const uid = (what: string, from: string) =>
  z.string().regex(/^[A-Za-z0-9]{1,64}$/, `${what} uid is letters and digits`).describe(`${what} uid (${from})`);

export const attributeUid = uid('Attribute', 'list_attributes');
export const audienceUid = uid('Audience', 'list_audiences');
export const eventUid = uid('Event', 'list_events');
export const experienceUid = uid('Experience', 'list_experiences');
export const versionUid = uid('Version', 'list_experience_versions');

export const name = z.string().trim().min(1).max(200);
export const description = z.string().max(2000);

/** Output entities: the API returns more fields than these (tolerated and passed through). */
export const Entity = z.looseObject({ uid: z.string() });
export const entities = z.array(Entity);
