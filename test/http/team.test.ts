import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { newProject } from '../../src/sandbox/management/misc.js';
import { canonicalJson } from '../../src/safety/tokens.js';
import {
  auditLinesOf,
  connect,
  credentialId,
  sha256,
  INITIALIZE,
  MCP_HEADERS,
  newToken,
  raw,
  sandboxEnv,
  startHttpServer,
  stopAll,
  text,
  writeTokensFile,
  type Connected,
  type HttpServerProcess,
  type TeamMember,
} from './helpers.js';

/** Team access through a real MCP client over HTTP (docs/hosted-http.md): tokens, roles, project lists, per-user credentials. */
describe('hosted HTTP for a team', () => {
  let sandbox: Sandbox;
  let server: HttpServerProcess;
  let other: string;
  const secrets: string[] = [];
  const results: CallToolResult[] = [];
  const open: Connected[] = [];

  const credential = () => newToken().slice(0, 24);
  const member = (m: Omit<TeamMember, 'token'>): TeamMember => {
    const token = newToken();
    secrets.push(token);
    if (m.credentials?.authtoken) secrets.push(m.credentials.authtoken);
    return { ...m, token };
  };
  const annKey = credential();
  const bobKey = credential();
  const readerKey = credential();
  const scopedKey = credential();
  const writerKey = credential();
  secrets.push(annKey, bobKey, readerKey, scopedKey, writerKey);

  const team = {
    ann: member({ name: 'ann', role: 'write' }),
    bob: member({ name: 'bob', role: 'write' }),
    reader: member({ name: 'rita', role: 'read', credentials: { authtoken: readerKey } }),
    scoped: member({ name: 'sam', role: 'write', projects: [] as string[], credentials: { authtoken: scopedKey } }),
    writer: member({ name: 'wes', role: 'write' }),
  };

  async function session(m: TeamMember, headers: Record<string, string> = {}): Promise<Connected> {
    const c = await connect(server.url, { token: m.token, headers });
    open.push(c);
    return c;
  }
  const demoEvents = () => sandbox.store.projects.find((p) => p.uid === sandbox.demo.projectUid)!.events;
  async function call(c: Connected, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    const r = await c.call(name, args);
    results.push(r);
    return r;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: 1000 });
    const p = newProject(sandbox.demo.organizationUid, { name: 'Other brand' });
    sandbox.store.projects.push(p);
    other = p.uid;
    team.scoped.projects = [sandbox.demo.projectUid];
    const file = writeTokensFile(Object.values(team));
    server = await startHttpServer({ ...sandboxEnv(sandbox), MCP_HTTP_TOKENS_FILE: file, PERSONALIZE_CONFIRM: 'token' });
  });

  afterAll(async () => {
    await Promise.all(open.map((c) => c.close().catch(() => undefined)));
    await stopAll();
    await sandbox.close();
  });

  it('answers 401 with WWW-Authenticate: Bearer without a token or with a wrong one, and nothing reaches Personalize', async () => {
    const before = sandbox.requests.length;
    const none = await raw(server.url, { headers: MCP_HEADERS, body: INITIALIZE });
    expect(none.status).toBe(401);
    expect(String(none.headers['www-authenticate'])).toMatch(/^Bearer\b/);
    expect(none.headers.connection).toBe('close');
    const wrong = await raw(server.url, { headers: { ...MCP_HEADERS, authorization: `Bearer ${newToken()}` }, body: INITIALIZE });
    expect(wrong.status).toBe(401);
    expect(String(wrong.headers['www-authenticate'])).toMatch(/^Bearer\b/);
    // The hash itself is not a token: presenting the stored hash gets nowhere either.
    const hashed = await raw(server.url, { headers: { ...MCP_HEADERS, authorization: `Bearer ${credentialId(team.ann.token)}` }, body: INITIALIZE });
    expect(hashed.status).toBe(401);
    await expect(connect(server.url, { token: newToken(), headers: { 'x-contentstack-authtoken': annKey } })).rejects.toMatchObject({ code: 401 });
    await expect(connect(server.url)).rejects.toMatchObject({ code: 401 });
    expect(sandbox.requests.length).toBe(before);
  });

  it("a session belongs to the token that opened it: another member's token is answered as an unknown session, and nothing runs", async () => {
    const ann = await session(team.ann, { 'x-contentstack-authtoken': annKey });
    const id = ann.transport.sessionId!;
    expect(id).toBeTruthy();
    const as = (m: TeamMember, sessionId = id) => ({ ...MCP_HEADERS, authorization: `Bearer ${m.token}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' });
    const key = `hijack_probe_${Date.now()}`;
    const write = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'create_event', arguments: { key } } });
    const before = sandbox.requests.length;

    const asBob = await raw(server.url, { headers: as(team.bob), body: write });
    const unknown = await raw(server.url, { headers: as(team.bob, randomUUID()), body: write });
    expect(asBob.status).toBe(404);
    expect(JSON.parse(asBob.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32001 }, id: null });
    expect(asBob.body).toBe(unknown.body);
    for (const method of ['GET', 'DELETE']) {
      const r = await raw(server.url, { method, headers: { ...as(team.bob), accept: 'text/event-stream' } });
      expect(r.status, method).toBe(404);
    }
    expect(sandbox.requests.slice(before)).toEqual([]);
    expect(demoEvents().some((e) => e.key === key)).toBe(false);

    // Bob's DELETE closed nothing: the session still answers its owner, as Ann.
    const list = await call(ann, 'list_events');
    expect(list.isError).toBeFalsy();
    expect(sandbox.requests.slice(before).map((q) => q.credential)).toEqual([credentialId(annKey)]);
  });

  it('a read member sees only read tools; calling a write tool says it needs the write role; nothing is written', async () => {
    const reader = await session(team.reader);
    const { tools } = await reader.client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    expect(tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name)).toEqual([]);
    expect(tools.map((t) => t.name)).toContain('list_events');
    expect(tools.map((t) => t.name)).not.toContain('delete_event');

    const event = sandbox.store.projects.find((p) => p.uid === sandbox.demo.projectUid)!.events[0]!;
    const before = sandbox.requests.length;
    const r = await call(reader, 'delete_event', { eventUid: event.uid });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^delete_event needs the write role, and your team token \(member "rita"\) has the read role/);
    const created = await call(reader, 'create_event', { key: 'reader_probe' });
    expect(created.isError).toBe(true);
    expect(text(created)).toContain('create_event needs the write role');
    expect(sandbox.requests.slice(before)).toEqual([]);
    expect(demoEvents().some((e) => e.uid === event.uid)).toBe(true);
    // A tool that does not exist is still just not found.
    expect(text(await call(reader, 'drop_everything'))).not.toContain('write role');
    const denied = (await auditLinesOf(server, (ls) => ls.filter((l) => l.member === 'rita').length >= 2)).filter((l) => l.member === 'rita');
    expect(denied).toEqual([
      expect.objectContaining({ tool: 'delete_event', outcome: 'denied', targets: [event.uid] }),
      expect.objectContaining({ tool: 'create_event', outcome: 'denied', project: sandbox.demo.projectUid }),
    ]);

    const read = await call(reader, 'list_events');
    expect(read.isError).toBeFalsy();
    const seen = sandbox.requests.slice(before);
    expect(seen.map((q) => q.credential)).toEqual([credentialId(readerKey)]);
  });

  it('a project outside the allow-list is refused, naming the allowed ones, with nothing sent upstream', async () => {
    const sam = await session(team.scoped);
    const before = sandbox.requests.length;
    const r = await call(sam, 'list_attributes', { projectUid: other });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain(sandbox.demo.projectUid);
    expect(text(r)).toContain(other);
    const write = await call(sam, 'create_event', { projectUid: other, key: 'sam_probe' });
    expect(write.isError).toBe(true);
    const created = await call(sam, 'create_project', { name: 'Sam made this' });
    expect(created.isError).toBe(true);
    await expect(sam.client.readResource({ uri: `personalize://projects/${other}/experiences` })).rejects.toThrow(sandbox.demo.projectUid);
    expect(sandbox.requests.slice(before)).toEqual([]);
    // Its summary resource looks the project up in the organization's list, which shows only the allowed one.
    await expect(sam.client.readResource({ uri: `personalize://projects/${other}` })).rejects.toThrow(other);
    expect(sandbox.requests.slice(before).filter((q) => q.project !== undefined || q.path !== '/projects')).toEqual([]);
    expect(sandbox.store.projects.find((p) => p.uid === other)!.events).toEqual([]);

    // The allowed project works, and the organization's list shows only it.
    const ok = await call(sam, 'list_attributes', { projectUid: sandbox.demo.projectUid });
    expect(ok.isError).toBeFalsy();
    const projects = await call(sam, 'list_projects');
    expect((projects.structuredContent as { projects: Array<{ uid: string }> }).projects.map((p) => p.uid)).toEqual([sandbox.demo.projectUid]);
    const resource = await sam.client.readResource({ uri: 'personalize://projects' });
    expect(JSON.stringify(resource.contents)).not.toContain(other);
    expect(sandbox.requests.slice(before).every((q) => q.project === undefined || q.project === sandbox.demo.projectUid)).toBe(true);
  });

  it('a default project (X-Personalize-Project-Uid) outside the allow-list is refused too', async () => {
    const sam = await session(team.scoped, { 'x-personalize-project-uid': other });
    const before = sandbox.requests.length;
    const r = await call(sam, 'list_events');
    expect(r.isError).toBe(true);
    expect(text(r)).toContain(sandbox.demo.projectUid);
    expect(sandbox.requests.slice(before)).toEqual([]);
  });

  it('two members with their own credential headers reach Personalize as themselves, concurrently, never mixed', async () => {
    const ann = await session(team.ann, { 'x-contentstack-authtoken': annKey });
    const bob = await session(team.bob, { 'x-contentstack-oauth-token': bobKey, 'x-contentstack-organization-uid': sandbox.demo.organizationUid });
    const before = sandbox.requests.length;
    const calls = Array.from({ length: 20 }, (_, i) => (i % 2 ? call(bob, 'list_events') : call(ann, 'list_attributes')));
    const out = await Promise.all(calls);
    expect(out.filter((r) => r.isError)).toEqual([]);
    const seen = sandbox.requests.slice(before);
    const attributes = seen.filter((q) => q.path === '/attributes');
    const events = seen.filter((q) => q.path === '/events');
    expect(attributes).toHaveLength(10);
    expect(events).toHaveLength(10);
    expect(new Set(attributes.map((q) => q.credential))).toEqual(new Set([credentialId(annKey)]));
    expect(new Set(events.map((q) => q.credential))).toEqual(new Set([credentialId(bobKey)]));
  });

  it('a member without stored credentials who sends none is told which headers to send', async () => {
    await expect(connect(server.url, { token: team.writer.token })).rejects.toThrow(/X-Contentstack/);
  });

  it('every write leaves one audit line: time, member, tool, project, targets, outcome, argument hash', async () => {
    const wes = await session(team.writer, { 'x-contentstack-authtoken': writerKey });
    const key = `audit_probe_${Date.now()}`;
    const r = await call(wes, 'create_event', { key, description: 'made by the audit test' });
    expect(r.isError).toBeFalsy();
    const uid = (r.structuredContent as { event: { uid: string } }).event.uid;
    const asked = await call(wes, 'delete_event', { eventUid: uid });
    expect((asked.structuredContent as { status: string }).status).toBe('confirmation_required');
    const sam = await session(team.scoped);
    const deniedArgs = { projectUid: other, key: `denied_probe_${Date.now()}` };
    await call(sam, 'create_event', deniedArgs);
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 1; i < 40; i++) deep = { a: deep };
    const tooDeep = await call(wes, 'create_audience', { name: 'Too deep', definition: deep });
    expect(tooDeep.isError).toBe(true);
    await call(wes, 'list_events');

    const lines = await auditLinesOf(
      server,
      (ls) => ['create_event', 'delete_event', 'create_audience'].every((t) => ls.some((l) => l.tool === t && l.member === 'wes')) && ls.some((l) => l.member === 'sam'),
    );
    const created = lines.filter((l) => l.tool === 'create_event' && l.member === 'wes');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ member: 'wes', tool: 'create_event', project: sandbox.demo.projectUid, outcome: 'ok', targets: [uid] });
    expect(typeof created[0]!.time).toBe('number');
    expect(created[0]!.argsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(created[0])).not.toContain(key);
    expect(lines.filter((l) => l.tool === 'delete_event' && l.member === 'wes')).toEqual([expect.objectContaining({ outcome: 'confirmation_required', targets: [uid] })]);
    expect(lines.filter((l) => l.argsSha256 === sha256(canonicalJson(deniedArgs)))).toEqual([
      expect.objectContaining({ member: 'sam', tool: 'create_event', project: other, outcome: 'denied' }),
    ]);
    // Input its bounds refused is audited too, without walking the arguments to hash them.
    expect(lines.filter((l) => l.tool === 'create_audience' && l.member === 'wes')).toEqual([expect.objectContaining({ outcome: 'error', targets: [] })]);
    expect(lines.find((l) => l.tool === 'create_audience')).not.toHaveProperty('argsSha256');
    expect(lines.some((l) => l.tool === 'list_events')).toBe(false);
  });

  it('no team token or Contentstack credential appears in any log line or result', () => {
    const logs = server.stderr();
    const shown = JSON.stringify(results);
    expect(logs.length).toBeGreaterThan(0);
    expect(results.length).toBeGreaterThan(20);
    for (const s of secrets) {
      expect(logs.includes(s), 'a secret in the logs').toBe(false);
      expect(shown.includes(s), 'a secret in a result').toBe(false);
    }
  });
});
