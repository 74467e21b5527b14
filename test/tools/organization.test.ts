import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startStack, TEST_TOKEN, text, type Stack } from '../helpers/harness.js';

/** Every real client sends organization_uid on /projects (docs/api.md §2, §12): without one, nothing is sent. */
describe('organization_uid on every /projects call', () => {
  let sandbox: Sandbox;
  let withOrg: Stack;
  let withoutOrg: Stack;
  beforeAll(async () => {
    sandbox = await startSandbox();
    [withOrg, withoutOrg] = await Promise.all([startStack({ use: sandbox }), startStack({ use: sandbox, env: { CONTENTSTACK_ORGANIZATION_UID: '' } })]);
  });
  afterAll(async () => {
    await Promise.all([withOrg.close(), withoutOrg.close()]);
    await sandbox.close();
  });

  it('without an organization uid, the projects tools say which variable to set and send nothing', async () => {
    withoutOrg.mark();
    const projectUid = sandbox.demo.projectUid;
    for (const [tool, args] of [
      ['list_projects', {}],
      ['create_project', { name: 'Never made' }],
      ['update_project', { projectUid, name: 'Never renamed' }],
    ] as const) {
      const r = await withoutOrg.call(tool, args);
      expect(r.isError, tool).toBe(true);
      expect(text(r)).toContain('CONTENTSTACK_ORGANIZATION_UID');
      expect(text(r)).toContain('nothing was sent');
    }
    expect(withoutOrg.sinceMark()).toEqual([]);
    // Project-scoped tools do not need it.
    expect((await withoutOrg.call('list_events')).isError).toBeFalsy();
  });

  it('with one, every /projects request carries the organization_uid header', async () => {
    withOrg.mark();
    await withOrg.call('list_projects');
    await withOrg.call('update_project', { projectUid: sandbox.demo.projectUid, description: 'Sandbox demo project' });
    const calls = withOrg.sinceMark().filter((r) => r.path.startsWith('/projects'));
    expect(calls.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'GET 200', 'PUT 200']);
    expect(calls.every((r) => r.organizationUid === sandbox.demo.organizationUid)).toBe(true);
  });

  it("the sandbox answers a /projects call without organization_uid with a 400 in the API's error shape", async () => {
    const res = await fetch(`${sandbox.url}/projects`, { headers: { authtoken: TEST_TOKEN } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ statusCode: 400, error: 'personalize.ORGANIZATION_UID_HEADER_NOT_SET', message: 'The organization_uid header is required' });
  });
});
