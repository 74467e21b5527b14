/** Toolsets group tools by API area; PERSONALIZE_TOOLSETS picks which are registered. */
export const TOOLSETS = ['projects', 'attributes', 'audiences', 'events', 'experiences', 'analytics', 'geo', 'edge'] as const;
export type Toolset = (typeof TOOLSETS)[number];

/** Prompts follow the toolsets: edit_audience (src/prompts/) only where the audience tools are. */
export function hasPrompts(toolsets: readonly Toolset[]): boolean {
  return toolsets.includes('audiences');
}
