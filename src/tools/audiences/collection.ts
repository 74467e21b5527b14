import type { Collection } from '../crud.js';
import { audienceUid } from '../params.js';

export const audiences: Collection = {
  toolset: 'audiences', path: '/audiences', singular: 'audience', plural: 'audiences',
  fields: ['name', 'description', 'definition'], idParam: 'audienceUid', idSchema: audienceUid,
};
