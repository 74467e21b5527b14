import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { demoProject, startStack, text, type Stack } from './helpers/harness.js';

const until = async (what: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

/**
 * One deadline per tool call (PERSONALIZE_CALL_DEADLINE_S, here 1 s) and the client's cancel, against a
 * sandbox whose answers are held back: no request starts after either, and the answer says what was sent.
 */
describe('call deadline and cancellation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { PERSONALIZE_CALL_DEADLINE_S: '1' } });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => {
    stack.sandbox.clearFaults();
    stack.mark();
  });

  const event = () => demoProject(stack.sandbox).events[0]!;
  const writes = () => stack.sinceMark().filter((r) => r.method !== 'GET');

  it("a read that uses up the time stops the call before its write, with the server's own message first", async () => {
    stack.sandbox.addFault({ method: 'GET', path: '/events', kind: 'delay', delayMs: 3000 });
    const r = await stack.call('update_event', { eventUid: event().uid, description: 'never sent' });
    const held = stack.sinceMark().find((q) => q.method === 'GET' && q.path === '/events')!;
    // Answered while the sandbox still held the read: the server did not wait for the hung upstream.
    expect(Date.now()).toBeLessThan(held.at + 3000);
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/deadline \(1 s, PERSONALIZE_CALL_DEADLINE_S\) passed while GET \/events was waiting/);
    expect(text(r)).toContain('Nothing that changes data was sent');
    // Past the held read's delay: any request that could follow it would have arrived by now.
    await new Promise((r) => setTimeout(r, Math.max(0, held.at + 3300 - Date.now())));
    expect(writes()).toEqual([]);
    expect(event().description).not.toBe('never sent');
  });

  it('a write that gets no answer in time is not retried, and the answer says it may have taken effect', async () => {
    stack.sandbox.addFault({ method: 'PUT', path: '/events', kind: 'delay', delayMs: 1500 });
    const r = await stack.call('update_event', { eventUid: event().uid, description: 'slow write' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/while PUT \/events\/\w+ was waiting for an answer/);
    expect(text(r)).toMatch(/Sent without an answer: PUT \/events\/\w+; it may or may not have taken effect/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(writes()).toHaveLength(1);
  });

  it('a 429 whose Retry-After passes the deadline is not waited for: the answer says how long to wait', async () => {
    stack.sandbox.addFault({ method: 'GET', path: '/events', kind: 'status', status: 429, retryAfter: '30' });
    const r = await stack.call('list_events');
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/HTTP 429.*wait 30 second/);
    expect(stack.sinceMark().filter((q) => q.path === '/events')).toHaveLength(1);
  });

  it("the client's cancel stops the call: the write after the read is never sent", async () => {
    stack.sandbox.addFault({ method: 'GET', path: '/events', kind: 'delay', delayMs: 700 });
    const abort = new AbortController();
    const pending = stack.client.callTool({ name: 'update_event', arguments: { eventUid: event().uid, description: 'cancelled' } }, undefined, { signal: abort.signal });
    await until(() => stack.sinceMark().some((q) => q.path === '/events'));
    abort.abort();
    await expect(pending).rejects.toThrow();
    // The server dropped the held read on the cancel; wait past its delay for any request that could follow.
    await new Promise((r) => setTimeout(r, 1200));
    expect(writes()).toEqual([]);
    expect(event().description).not.toBe('cancelled');
  });

  it('Edge: a 429 is retried after Retry-After, and one that passes the deadline says how long to wait', async () => {
    const before = stack.sandbox.edgeRequests.length;
    stack.sandbox.addEdgeFault({ method: 'GET', path: '/manifest', kind: 'status', status: 429, retryAfter: '0' });
    const ok = (await stack.call('get_manifest', { userUid: 'deadline-visitor' })) as CallToolResult;
    expect(ok.isError).toBeFalsy();
    expect(stack.sandbox.edgeRequests.slice(before).map((q) => q.status)).toEqual([429, 200]);

    stack.sandbox.addEdgeFault({ method: 'POST', path: '/events', kind: 'status', status: 429, retryAfter: '20' });
    const late = await stack.call('track_events', { userUid: 'deadline-visitor', conversions: [{ eventKey: 'purchase' }] });
    expect(late.isError).toBe(true);
    expect(text(late)).toMatch(/429.*wait 20 second/);
  });
});
