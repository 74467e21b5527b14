import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { argsHash } from '../../src/team/audit.js';
import {
  auditLinesOf,
  connect,
  newToken,
  sandboxEnv,
  startHttpServer,
  stopAll,
  text,
  writeTokensFile,
  type Connected,
  type HttpServerProcess,
  type TeamMember,
} from './helpers.js';

/** Confirmation tokens belong to the member they were issued to; every write leaves its audit line. */
describe('hosted HTTP: tokens bound to members, audit lines never skipped', () => {
  let sandbox: Sandbox;
  let server: HttpServerProcess;
  let ann: Connected;
  let bob: Connected;
  const team: Record<'ann' | 'bob', TeamMember> = {
    ann: { name: 'ann', role: 'write', token: newToken(), credentials: { authtoken: newToken().slice(0, 24) } },
    bob: { name: 'bob', role: 'write', token: newToken(), credentials: { authtoken: newToken().slice(0, 24) } },
  };
  const project = () => sandbox.store.projects.find((p) => p.uid === sandbox.demo.projectUid)!;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: 1000 });
    server = await startHttpServer({
      ...sandboxEnv(sandbox),
      MCP_HTTP_TOKENS_FILE: writeTokensFile(Object.values(team)),
      PERSONALIZE_CONFIRM: 'token',
      PERSONALIZE_RATE_LIMIT: '100',
    });
    [ann, bob] = await Promise.all([connect(server.url, { token: team.ann.token }), connect(server.url, { token: team.bob.token })]);
  });
  afterAll(async () => {
    await Promise.all([ann.close(), bob.close()].map((p) => p.catch(() => undefined)));
    await stopAll();
    await sandbox.close();
  });

  it('a confirmation token issued to one member is refused for another; nothing is deleted', async () => {
    const event = project().events.find((e) => e.key === 'add_to_cart')!;
    const args = { eventUid: event.uid };
    const first = await ann.call('delete_event', args);
    const token = (first.structuredContent as { confirmationToken: string }).confirmationToken;
    const before = sandbox.requests.length;
    const stolen = await bob.call('delete_event', { ...args, confirmationToken: token });
    expect(stolen.isError).toBe(true);
    expect(text(stolen)).toMatch(/another team member/);
    expect(sandbox.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(project().events.some((e) => e.uid === event.uid)).toBe(true);
    // Ann's own token still works (Bob's attempt did not use it up).
    expect((await ann.call('delete_event', { ...args, confirmationToken: token })).isError).toBeFalsy();
  });

  it('a deep but valid write reaches the API and leaves its audit line, with the hash of its arguments', async () => {
    const experience = project().experiences.find((e) => e.name === 'Summer banner')!;
    let nested: Record<string, unknown> = { note: 'bottom' };
    for (let i = 0; i < 28; i++) nested = { level: nested };
    const args = {
      experienceUid: experience.uid,
      versionUid: experience.versions[0]!.uid,
      targeting: { audience: { audiences: [], audienceCombinationType: 'OR' }, annotations: nested },
    };
    const before = sandbox.requests.length;
    const r = await ann.call('update_experience_version', args);
    expect(r.isError, text(r)).toBeFalsy();
    expect(sandbox.requests.slice(before).some((q) => q.method === 'PUT')).toBe(true);
    const lines = await auditLinesOf(server, (ls) => ls.some((l) => l.tool === 'update_experience_version'));
    const line = lines.find((l) => l.tool === 'update_experience_version');
    expect(line).toMatchObject({ member: 'ann', outcome: 'ok', argsSha256: argsHash(args), targets: expect.arrayContaining([experience.uid]) });
  });
});
