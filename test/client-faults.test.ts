import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { confirmed, demoProject, startStack, text, type Stack } from './helpers/harness.js';

/** An error result's message is one line an assistant can act on: never a stack trace. */
function expectCleanError(r: CallToolResult): string {
  expect(r.isError).toBe(true);
  const message = text(r);
  expect(message.length).toBeGreaterThan(20);
  expect(message).not.toContain('    at ');
  expect(message).not.toMatch(/\n/);
  return message;
}

describe('upstream faults, through the MCP client against the sandbox', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => {
    stack.sandbox.clearFaults();
    stack.mark();
  });

  const attributesSeen = () => stack.sinceMark().filter((r) => r.path === '/attributes');

  it('retries a 429 with Retry-After: 1 on a GET after at least ~1 s, then succeeds', async () => {
    stack.sandbox.addFault({ method: 'GET', path: '/attributes', kind: 'status', status: 429, retryAfter: '1' });
    const r = await stack.call('list_attributes');
    expect(r.isError).toBeFalsy();
    const names = (r.structuredContent as { attributes: Array<{ name: string }> }).attributes.map((a) => a.name);
    expect(names).toEqual(demoProject(stack.sandbox).attributes.map((a) => a.name));
    const seen = attributesSeen();
    expect(seen.map((s) => s.status)).toEqual([429, 200]);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries a 429 on a POST too (the request was not processed) and creates the item once', async () => {
    stack.sandbox.addFault({ method: 'POST', path: '/attributes', kind: 'status', status: 429, retryAfter: '0' });
    const r = await stack.call('create_attribute', { name: 'Retry after throttle', key: 'retry_after_throttle' });
    expect(r.isError).toBeFalsy();
    const posts = stack.sinceMark().filter((s) => s.method === 'POST' && s.path === '/attributes');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.status).toBe(429);
    expect(posts[1]!.status).toBeLessThan(300);
    expect(demoProject(stack.sandbox).attributes.filter((a) => a.key === 'retry_after_throttle')).toHaveLength(1);
  });

  it('retries a 503 on a GET and succeeds', async () => {
    stack.sandbox.addFault({ method: 'GET', path: '/attributes', kind: 'status', status: 503 });
    const r = await stack.call('list_attributes');
    expect(r.isError).toBeFalsy();
    expect(attributesSeen().map((s) => s.status)).toEqual([503, 200]);
  });

  it('does not retry a 503 on a POST, and says so clearly', async () => {
    const before = demoProject(stack.sandbox).attributes.length;
    stack.sandbox.addFault({ method: 'POST', path: '/attributes', kind: 'status', status: 503, times: 5 });
    const r = await stack.call('create_attribute', { name: 'Not retried', key: 'not_retried' });
    const message = expectCleanError(r);
    expect(message).toContain('HTTP 503');
    expect(message).toContain('POST /attributes');
    expect(message).toMatch(/try again/i);
    expect(stack.sinceMark().filter((s) => s.method === 'POST')).toHaveLength(1);
    expect(demoProject(stack.sandbox).attributes).toHaveLength(before);
  });

  it('gives up on a persistent 503 on a GET after the bounded retries', async () => {
    stack.sandbox.addFault({ method: 'GET', path: '/attributes', kind: 'status', status: 503, times: 20 });
    const r = await stack.call('list_attributes');
    const message = expectCleanError(r);
    expect(message).toContain('HTTP 503');
    const seen = attributesSeen();
    // One attempt plus the client's two transient retries, then it stops.
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.status === 503)).toBe(true);
  });

  it('gives up on a persistent 429 after the bounded retries and says how long to wait', async () => {
    stack.sandbox.addFault({ method: 'GET', path: '/events', kind: 'status', status: 429, retryAfter: '0', times: 20 });
    const r = await stack.call('list_events');
    const message = expectCleanError(r);
    expect(message).toContain('HTTP 429');
    expect(message).toMatch(/wait [1-9]\d* second/);
    const seen = stack.sinceMark().filter((s) => s.path === '/events');
    expect(seen).toHaveLength(5);
  });

  it('retries a dropped connection on a GET', async () => {
    stack.sandbox.addFault({ method: 'GET', path: '/attributes', kind: 'drop' });
    const r = await stack.call('list_attributes');
    expect(r.isError).toBeFalsy();
    expect((r.structuredContent as { attributes: unknown[] }).attributes.length).toBeGreaterThan(0);
    const seen = attributesSeen();
    expect(seen).toHaveLength(2);
    expect(seen[1]!.status).toBe(200);
  });

  it('turns malformed JSON into one clear sentence', async () => {
    stack.sandbox.addFault({ method: 'GET', path: '/events', kind: 'malformed' });
    const r = await stack.call('list_events');
    const message = expectCleanError(r);
    expect(message).toMatch(/not valid JSON/i);
    expect(message).toContain('GET /events');
    expect(message.split(/[.;] /).length).toBeLessThanOrEqual(2);
  });

  it('on a 401 names the credential variables and says management tokens are refused', async () => {
    stack.sandbox.addFault({ path: '/attributes', kind: 'status', status: 401 });
    const r = await stack.call('list_attributes');
    const message = expectCleanError(r);
    expect(message).toContain('HTTP 401');
    expect(message).toContain('CONTENTSTACK_AUTHTOKEN');
    expect(message).toContain('CONTENTSTACK_OAUTH_TOKEN');
    expect(message).toMatch(/management tokens are refused/i);
    expect(attributesSeen()).toHaveLength(1);
  });
});

describe('secrets', () => {
  const SECRET = 'zz-secret-authtoken-4b71c9e02d';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CONTENTSTACK_AUTHTOKEN: SECRET, LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('never shows the authtoken in logs or tool results, failures included', async () => {
    const results: CallToolResult[] = [];
    const s = stack.sandbox;
    results.push(await stack.call('list_attributes'));
    results.push(await stack.call('create_event', { key: 'secret_probe', description: 'probe' }));
    s.addFault({ path: '/attributes', kind: 'status', status: 401 });
    results.push(await stack.call('list_attributes'));
    s.addFault({ method: 'GET', path: '/events', kind: 'status', status: 429, retryAfter: '0' });
    results.push(await stack.call('list_events'));
    s.addFault({ method: 'POST', path: '/events', kind: 'status', status: 503 });
    results.push(await stack.call('create_event', { key: 'secret_probe_2' }));
    s.addFault({ method: 'GET', path: '/audiences', kind: 'malformed' });
    results.push(await stack.call('list_audiences'));
    s.addFault({ method: 'GET', path: '/attributes', kind: 'drop', times: 5 });
    results.push(await stack.call('list_attributes'));
    results.push(await stack.call('get_experience', { experienceUid: 'f'.repeat(24) }));
    results.push(await stack.call('list_attributes', { projectUid: 'not a uid!' }));
    const event = demoProject(s).events.find((e) => e.key === 'secret_probe');
    expect(event).toBeDefined();
    results.push(await confirmed(stack, 'delete_event', { eventUid: event!.uid }));
    // The API echoing the credential, in an error and in a success.
    s.addFault({ method: 'GET', path: '/events', kind: 'echo' });
    const echoedError = await stack.call('list_events');
    s.addFault({ method: 'GET', path: '/events', kind: 'echo', status: 200 });
    const echoedList = await stack.call('list_events');
    results.push(echoedError, echoedList);
    expect(JSON.stringify(echoedError)).toContain('Invalid credential [redacted]');
    expect(JSON.stringify(echoedList.structuredContent)).toContain('seen [redacted]');

    expect(results.filter((r) => r.isError).length).toBeGreaterThanOrEqual(5);
    expect(results.some((r) => !r.isError)).toBe(true);
    for (const r of results) expect(JSON.stringify(r)).not.toContain(SECRET);

    // Debug logging did write (the rate-limit retry warns, failures log at debug), and none of it holds the token.
    await new Promise((r) => setTimeout(r, 100));
    const stderr = stack.stderr();
    expect(stderr).toMatch(/rate limited/);
    expect(stderr).not.toContain(SECRET);
    // The sandbox did receive the credential, so its absence above is not because it was never used.
    expect(s.requests.some((q) => q.credential)).toBe(true);
  });
});
