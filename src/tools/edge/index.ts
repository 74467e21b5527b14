import { getManifest } from './get-manifest.js';
import { mergeUsers } from './merge-users.js';
import { setUserAttributes } from './set-user-attributes.js';
import { trackEvents } from './track-events.js';

/** The `edge` toolset: the public Edge API a website calls, for checking and simulating visitors. */
export const edgeTools = [getManifest, setUserAttributes, mergeUsers, trackEvents];
