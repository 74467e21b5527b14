import { listAttributes as readAttributes } from '../../api/management/attributes.js';
import { defineTool, READ } from '../define.js';
import { listText, pageInput, pageOf, pageOutput } from '../paging.js';
import { rowsOf } from '../rows.js';
import { entities, projectUid } from '../params.js';

export const listAttributes = defineTool({
  name: 'list_attributes',
  toolset: 'attributes',
  title: 'List attributes',
  description: 'List attributes (uid, name, key, __type CUSTOM or PRESET such as country).',
  input: { projectUid, ...pageInput },
  output: { attributes: entities, ...pageOutput },
  hints: READ,
  async run(a, ctx) {
    const project = ctx.project(a.projectUid);
    const { items, ...page } = pageOf(ctx, 'list_attributes', [project], rowsOf(await readAttributes(ctx.api, project), ['name', 'key', '__type']), a);
    return { attributes: items, ...page };
  },
  summary: (o) => listText(o, o.attributes, 'attributes'),
});
