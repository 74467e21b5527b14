import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed, demoProject, startStack, TEST_TOKEN, type Stack } from '../helpers/harness.js';

type Obj = Record<string, unknown>;
const sc = (r: { structuredContent?: unknown }) => r.structuredContent as Obj;

/** Every tool of the projects, attributes, audiences and events toolsets: its happy path and what the sandbox then holds. */
describe('projects, attributes, audiences and events tools', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  const project = () => demoProject(stack.sandbox);

  it("list_projects, create_project and update_project (the sandbox lists only the organization_uid header's projects)", async () => {
    stack.mark();
    const listed = await stack.call('list_projects');
    expect(listed.isError).toBeFalsy();
    expect((sc(listed).projects as Obj[]).map((p) => p.name)).toContain('Demo Store');
    expect(stack.sinceMark()[0]).toMatchObject({ method: 'GET', path: '/projects', status: 200 });

    const created = await stack.call('create_project', { name: 'Spring launch', description: 'Seasonal site', connectedStackApiKey: 'blt0stack0key' });
    expect(created.isError).toBeFalsy();
    const uid = (sc(created).project as Obj).uid as string;
    const held = stack.sandbox.store.projects.find((p) => p.uid === uid);
    expect(held).toMatchObject({ name: 'Spring launch', description: 'Seasonal site', connectedStackApiKey: 'blt0stack0key' });

    const filtered = await stack.call('list_projects', { connectedStackApiKey: 'blt0stack0key' });
    expect((sc(filtered).projects as Obj[]).map((p) => p.uid)).toEqual([uid]);

    const updated = await stack.call('update_project', { projectUid: uid, description: 'Spring site' });
    expect(updated.isError).toBeFalsy();
    // Only the description changed; the API replaces, so the rest was sent as it was.
    expect(stack.sandbox.store.projects.find((p) => p.uid === uid)).toMatchObject({ name: 'Spring launch', description: 'Spring site', connectedStackApiKey: 'blt0stack0key' });
  });

  it('list_attributes, create_attribute and update_attribute (delete_attribute: test/dependents.test.ts)', async () => {
    const listed = await stack.call('list_attributes');
    expect((sc(listed).attributes as Obj[]).map((a) => a.key)).toEqual(expect.arrayContaining(['loyalty_points', 'plan', 'is_subscriber']));

    const created = await stack.call('create_attribute', { name: 'Favourite colour', key: 'favourite_colour', description: 'From the profile page' });
    const uid = (sc(created).attribute as Obj).uid as string;
    expect(project().attributes.find((a) => a.uid === uid)).toMatchObject({ name: 'Favourite colour', key: 'favourite_colour', __type: 'CUSTOM' });

    stack.mark();
    await stack.call('update_attribute', { attributeUid: uid, name: 'Favourite colour (profile)' });
    const put = stack.sinceMark().find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/attributes/${uid}`);
    expect(project().attributes.find((a) => a.uid === uid)).toMatchObject({ name: 'Favourite colour (profile)', key: 'favourite_colour', description: 'From the profile page' });
  });

  it('list_audiences, get_audience, create_audience, update_audience and delete_audience', async () => {
    const listed = await stack.call('list_audiences');
    expect((sc(listed).audiences as Obj[]).map((a) => a.name)).toContain('Loyal shoppers');

    const definition = {
      __type: 'RuleCombination',
      combinationType: 'AND',
      rules: [
        {
          __type: 'Rule',
          attribute: { __type: 'PresetAttributeReference', ref: 'COUNTRY' },
          attributeMatchCondition: 'STRING_EQUALS',
          attributeMatchOptions: { __type: 'StringMatchOptions', value: 'FR' },
          invertCondition: false,
        },
      ],
    };
    const created = await stack.call('create_audience', { name: 'French visitors', description: 'In France', definition });
    expect(created.isError).toBeFalsy();
    const uid = (sc(created).audience as Obj).uid as string;
    expect(project().audiences.find((a) => a.uid === uid)).toMatchObject({ name: 'French visitors', definition });

    const got = await stack.call('get_audience', { audienceUid: uid });
    expect(sc(got).audience).toMatchObject({ uid, name: 'French visitors', definition });

    await stack.call('update_audience', { audienceUid: uid, description: 'Visitors in France' });
    expect(project().audiences.find((a) => a.uid === uid)).toMatchObject({ name: 'French visitors', description: 'Visitors in France', definition });

    const deleted = await confirmed(stack, 'delete_audience', { audienceUid: uid });
    expect(sc(deleted)).toMatchObject({ status: 'deleted', uid });
    expect(project().audiences.some((a) => a.uid === uid)).toBe(false);
  });

  it('list_events, create_event, update_event and delete_event', async () => {
    const listed = await stack.call('list_events');
    expect((sc(listed).events as Obj[]).map((e) => e.key)).toEqual(expect.arrayContaining(['purchase', 'add_to_cart']));

    const created = await stack.call('create_event', { key: 'newsletter_signup', description: 'Signed up' });
    const uid = (sc(created).event as Obj).uid as string;
    expect(project().events.find((e) => e.uid === uid)).toMatchObject({ key: 'newsletter_signup', description: 'Signed up' });

    await stack.call('update_event', { eventUid: uid, key: 'newsletter_subscribe' });
    expect(project().events.find((e) => e.uid === uid)).toMatchObject({ key: 'newsletter_subscribe', description: 'Signed up' });

    const deleted = await confirmed(stack, 'delete_event', { eventUid: uid });
    expect(sc(deleted)).toMatchObject({ status: 'deleted', uid });
    expect(project().events.some((e) => e.uid === uid)).toBe(false);
  });

  it('sends the credential and the project header on every project call', () => {
    const projectCalls = stack.sandbox.requests.filter((r) => !r.path.startsWith('/projects'));
    expect(projectCalls.length).toBeGreaterThan(5);
    const credential = createHash('sha256').update(TEST_TOKEN).digest('hex').slice(0, 12);
    for (const r of projectCalls) expect(r).toMatchObject({ project: stack.sandbox.demo.projectUid, credential });
  });
});
