import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/harness.js';

/**
 * The product's outside, as clients receive it: every tool (name, title, description, input and output
 * schemas, annotations), resource template and prompt. Any drift fails here; when a change is meant,
 * `npm run snapshots` rewrites the files and the diff shows what assistants will see.
 */
describe('the contract', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

  it('tools/list', async () => {
    await expect(json((await stack.client.listTools()).tools)).toMatchFileSnapshot('./snapshots/tools.json');
  });

  it('resources/templates/list', async () => {
    await expect(json((await stack.client.listResourceTemplates()).resourceTemplates)).toMatchFileSnapshot('./snapshots/resource-templates.json');
  });

  it('prompts/list', async () => {
    await expect(json((await stack.client.listPrompts()).prompts)).toMatchFileSnapshot('./snapshots/prompts.json');
  });
});
