import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { demoProject } from '../helpers/harness.js';

/** The sandbox Edge API as a website or the SDK calls it: plain HTTP, no credentials. */
describe('sandbox Edge API over HTTP', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${sandbox.edgeUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const raw = await res.text();
    return { status: res.status, headers: res.headers, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined };
  };
  const project = () => ({ 'x-project-uid': sandbox.demo.projectUid });

  it('is its own host, separate from the Management API, and logs its requests apart', async () => {
    expect(sandbox.edgeUrl).not.toBe(sandbox.url);
    const managementBefore = sandbox.requests.length;
    const r = await call('GET', '/manifest', project());
    expect(r.status).toBe(200);
    expect(r.headers.get('x-cs-personalize-user-uid')).toBeTruthy();
    expect(sandbox.requests.length).toBe(managementBefore);
    expect(sandbox.edgeRequests.at(-1)).toMatchObject({ method: 'GET', path: '/manifest', status: 200, project: sandbox.demo.projectUid });
  });

  it('answers the documented errors: no project header, unknown project', async () => {
    expect(await call('GET', '/manifest', {})).toMatchObject({ status: 400, body: { error: 'personalize.USER_ATTRIBUTES.PROJECT_UID_HEADER_NOT_SET' } });
    expect(await call('PATCH', '/user-attributes', { 'x-cs-personalize-user-uid': 'v' }, { plan: 'pro' })).toMatchObject({
      status: 400,
      body: { error: 'personalize.USER_ATTRIBUTES.PROJECT_UID_HEADER_NOT_SET' },
    });
    const missing = await call('GET', '/manifest', { 'x-project-uid': 'aaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(missing.status).toBe(404);
    expect(missing.body?.error).toBe('personalize.MANIFEST.PROJECT_NOT_FOUND');
    expect(typeof missing.body?.message).toBe('string');
  });

  it('stores flat scalar attributes by key and refuses unknown keys and objects whole', async () => {
    const visitor = { ...project(), 'x-cs-personalize-user-uid': 'http-visitor' };
    // The SDK sends no content type: the body is JSON all the same.
    expect((await call('PATCH', '/user-attributes', visitor, { plan: 'pro', loyalty_points: 12 })).status).toBe(204);
    expect(demoProject(sandbox).visitors.get('http-visitor')).toEqual({ plan: 'pro', loyalty_points: 12 });
    const unknown = await call('PATCH', '/user-attributes', visitor, { plan: 'plus', age: 30 });
    expect(unknown.status).toBe(400);
    expect(String(unknown.body?.message)).toContain('age');
    expect((await call('PATCH', '/user-attributes', visitor, { plan: { tier: 'plus' } })).status).toBe(400);
    expect((await call('PATCH', '/user-attributes', visitor, ['plan'])).status).toBe(400);
    expect((await call('PATCH', '/user-attributes', project(), { plan: 'plus' })).status).toBe(400);
    expect(demoProject(sandbox).visitors.get('http-visitor')).toEqual({ plan: 'pro', loyalty_points: 12 });
  });

  it('takes events only as an array of known impressions and event keys, all or nothing', async () => {
    const visitor = { ...project(), 'x-cs-personalize-user-uid': 'http-events' };
    const tracked = () => demoProject(sandbox).tracked.filter((t) => t.userUid === 'http-events').length;
    expect((await call('POST', '/events', visitor, { type: 'EVENT', eventKey: 'purchase' })).status).toBe(400);
    expect(
      (
        await call('POST', '/events', visitor, [
          { type: 'EVENT', eventKey: 'purchase' },
          { type: 'EVENT', eventKey: 'nope' },
        ])
      ).status,
    ).toBe(400);
    expect((await call('POST', '/events', visitor, [{ type: 'CLICK' }])).status).toBe(400);
    expect(tracked()).toBe(0);
    expect((await call('POST', '/events', visitor, [{ type: 'EVENT', eventKey: 'purchase' }])).status).toBe(202);
    expect(tracked()).toBe(1);
  });

  it('refuses more than ten tags and bad live attributes', async () => {
    const many = Array.from({ length: 11 }, (_, i) => `tags[]=t${i}`).join('&');
    expect((await call('GET', `/manifest?${many}`, project())).status).toBe(400);
    expect((await call('GET', '/manifest', { ...project(), 'x-live-attributes': 'not json' })).status).toBe(400);
  });

  it('merges with the source winning on shared keys', async () => {
    const h = (uid: string) => ({ ...project(), 'x-cs-personalize-user-uid': uid });
    await call('PATCH', '/user-attributes', h('m-source'), { plan: 'pro' });
    await call('PATCH', '/user-attributes', h('m-target'), { plan: 'free', loyalty_points: 3 });
    expect((await call('POST', '/user-attributes/actions/merge', project(), { sourceUserUid: 'm-source', targetUserUid: 'm-target' })).status).toBe(204);
    expect(demoProject(sandbox).visitors.get('m-target')).toEqual({ plan: 'pro', loyalty_points: 3 });
    expect((await call('POST', '/user-attributes/actions/merge', project(), { sourceUserUid: 'm-source' })).status).toBe(400);
  });
});
