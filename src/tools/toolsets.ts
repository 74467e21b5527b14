/** Toolsets group tools by API area; PERSONALIZE_TOOLSETS picks which are registered. */
export const TOOLSETS = ['projects', 'attributes', 'audiences', 'events', 'experiences', 'analytics', 'geo', 'edge'] as const;
export type Toolset = (typeof TOOLSETS)[number];
