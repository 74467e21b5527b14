import type { ToolDef } from './define.js';
import { analyticsTools } from './analytics/index.js';
import { attributeTools } from './attributes/index.js';
import { edgeTools } from './edge/index.js';
import { audienceTools } from './audiences/index.js';
import { eventTools } from './events/index.js';
import { experienceTools } from './experiences/index.js';
import { geoTools } from './geo/index.js';
import { projectTools } from './projects/index.js';
import type { Toolset } from './toolsets.js';

export const ALL_TOOLS: readonly ToolDef[] = [
  ...projectTools,
  ...attributeTools,
  ...audienceTools,
  ...eventTools,
  ...experienceTools,
  ...analyticsTools,
  ...geoTools,
  ...edgeTools,
] as ToolDef[];

/** The tools a session gets: its toolsets, and only reads when read-only (derived from readOnlyHint). */
export function selectTools(o: { toolsets: readonly Toolset[]; readOnly: boolean }): ToolDef[] {
  return ALL_TOOLS.filter((t) => o.toolsets.includes(t.toolset) && (!o.readOnly || t.hints.readOnlyHint));
}
