import { listAttributes as readAttributes } from '../../api/management/attributes.js';
import { defineTool, READ } from '../define.js';
import { pageInput, pageOf, pageOutput, pageSummary } from '../paging.js';
import { entities, projectUid } from '../params.js';

export const listAttributes = defineTool({
  name: 'list_attributes',
  toolset: 'attributes',
  title: 'List attributes',
  description: 'List custom attributes (uid, name, key) and the presets (country, device type…).',
  input: { projectUid, ...pageInput },
  output: { attributes: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_attributes', [project], await readAttributes(ctx.api, project), a);
    return { attributes: items, ...page };
  },
  summary: (o) => pageSummary(o, o.attributes.length, 'attributes'),
});
