import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallToolResult, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { ConfirmationTokens, MemoryUsedTokens } from '../src/safety/tokens.js';
import { demoProject, startStack, text, type Stack } from './helpers/harness.js';

type Confirmation = { status: string; summary: string; confirmationToken: string };

const writes = (stack: Stack) => stack.sinceMark().filter((r) => r.method !== 'GET');

let serial = 0;
/** A new item nothing depends on, made through the server as a user would; returns its uid. */
async function fresh(stack: Stack, kind: 'attribute' | 'event' | 'audience'): Promise<{ uid: string; label: string }> {
  const label = `probe_${kind}_${++serial}_${Date.now() % 100_000}`;
  const args =
    kind === 'attribute'
      ? { name: label, key: label }
      : kind === 'event'
        ? { key: label }
        : { name: label, definition: { __type: 'RuleCombination', combinationType: 'AND', rules: [] } };
  const r = await stack.call(`create_${kind}`, args);
  expect(r.isError, text(r)).toBeFalsy();
  const uid = (r.structuredContent as Record<string, { uid: string }>)[kind]!.uid;
  expect(uid).toMatch(/^[a-f0-9]{24}$/);
  return { uid, label };
}

function confirmation(r: CallToolResult): Confirmation {
  expect(r.isError).toBeFalsy();
  const c = r.structuredContent as Confirmation;
  expect(c.status).toBe('confirmation_required');
  expect(typeof c.confirmationToken).toBe('string');
  expect(c.confirmationToken.length).toBeGreaterThan(20);
  return c;
}

const SECRET = 'confirmation-test-secret-7d41';

describe('token mode (PERSONALIZE_CONFIRM=token)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { PERSONALIZE_CONFIRM: 'token', PERSONALIZE_CONFIRM_SECRET: SECRET } });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => {
    stack.mark();
  });

  const attributes = () => demoProject(stack.sandbox).attributes;

  it('the first call changes nothing upstream and names the item; the same call with the token deletes it once', async () => {
    const target = await fresh(stack, 'attribute');
    const count = attributes().length;
    const args = { attributeUid: target.uid };
    stack.mark();

    const first = await stack.call('delete_attribute', args);
    const c = confirmation(first);
    expect(c.summary).toContain(target.uid);
    expect(c.summary).toContain(target.label);
    expect(text(first)).toContain(c.summary);
    expect(writes(stack)).toEqual([]);
    expect(attributes()).toHaveLength(count);

    const second = await stack.call('delete_attribute', { ...args, confirmationToken: c.confirmationToken });
    expect(second.isError).toBeFalsy();
    expect(second.structuredContent).toMatchObject({ status: 'deleted', uid: target.uid });
    expect(writes(stack).map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /attributes/${target.uid}`]);
    expect(attributes().some((a) => a.uid === target.uid)).toBe(false);

    stack.mark();
    const reused = await stack.call('delete_attribute', { ...args, confirmationToken: c.confirmationToken });
    expect(reused.isError).toBe(true);
    expect(text(reused)).toMatch(/used/i);
    expect(stack.sinceMark()).toEqual([]);
  });

  it('an expired token is refused and nothing is deleted', async () => {
    const target = await fresh(stack, 'attribute');
    // A token the server itself would have issued for this exact call six minutes ago (tokens last five).
    const sixMinutesAgo = () => Date.now() - 6 * 60_000;
    const old = new ConfirmationTokens(Buffer.from(SECRET), new MemoryUsedTokens(sixMinutesAgo), undefined, sixMinutesAgo);
    const token = old.issue('delete_attribute', { attributeUid: target.uid }, stack.sandbox.demo.projectUid);
    stack.mark();
    const r = await stack.call('delete_attribute', { attributeUid: target.uid, confirmationToken: token });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/expired/);
    expect(writes(stack)).toEqual([]);
    expect(attributes().some((a) => a.uid === target.uid)).toBe(true);

    // The same token minted now is accepted, so the refusal above was the expiry and nothing else.
    const now = new ConfirmationTokens(Buffer.from(SECRET), new MemoryUsedTokens());
    const ok = await stack.call('delete_attribute', {
      attributeUid: target.uid,
      confirmationToken: now.issue('delete_attribute', { attributeUid: target.uid }, stack.sandbox.demo.projectUid),
    });
    expect(ok.isError, text(ok)).toBeFalsy();
  });

  it('a token presented with other arguments is refused and nothing is deleted', async () => {
    const a = await fresh(stack, 'attribute');
    const b = await fresh(stack, 'attribute');
    const count = attributes().length;
    const c = confirmation(await stack.call('delete_attribute', { attributeUid: a!.uid }));
    stack.mark();
    const other = await stack.call('delete_attribute', { attributeUid: b!.uid, confirmationToken: c.confirmationToken });
    expect(other.isError).toBe(true);
    expect(text(other)).toMatch(/other arguments/i);
    expect(writes(stack)).toEqual([]);
    expect(attributes()).toHaveLength(count);

    // Same uid but an explicit project is another call too: the token covers the exact arguments.
    const withProject = await stack.call('delete_attribute', { attributeUid: a!.uid, projectUid: stack.sandbox.demo.projectUid, confirmationToken: c.confirmationToken });
    expect(withProject.isError).toBe(true);
    expect(writes(stack)).toEqual([]);
    expect(attributes()).toHaveLength(count);
  });

  it('a token for another tool is refused, even with identical arguments', async () => {
    const experience = demoProject(stack.sandbox).experiences.find((e) => e.versions.some((v) => v.status === 'ACTIVE'))!;
    const args = { experienceUid: experience.uid };
    const c = confirmation(await stack.call('pause_experience', args));
    stack.mark();
    const r = await stack.call('delete_experience', { ...args, confirmationToken: c.confirmationToken });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/nothing was changed/i);
    expect(writes(stack)).toEqual([]);
    expect(demoProject(stack.sandbox).experiences.some((e) => e.uid === experience.uid)).toBe(true);
    expect(experience.versions.some((v) => v.status === 'ACTIVE')).toBe(true);
  });

  it('a forged or tampered token is refused', async () => {
    const target = await fresh(stack, 'event');
    const c = confirmation(await stack.call('delete_event', { eventUid: target.uid }));
    const [exp, nonce, mac] = c.confirmationToken.split('.');
    const forged = ['not-a-token', `${Number(exp) + 60_000}.${nonce}.${mac}`, `${exp}.${nonce}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`];
    stack.mark();
    for (const token of forged) {
      const r = await stack.call('delete_event', { eventUid: target.uid, confirmationToken: token });
      expect(r.isError).toBe(true);
    }
    expect(writes(stack)).toEqual([]);
    expect(demoProject(stack.sandbox).events.some((e) => e.uid === target.uid)).toBe(true);
  });
});

describe('elicitation mode (PERSONALIZE_CONFIRM unset: auto, and the client declares elicitation)', () => {
  let stack: Stack;
  let answer: ElicitResult = { action: 'decline' };
  const prompts: string[] = [];
  beforeAll(async () => {
    stack = await startStack({
      env: { PERSONALIZE_CONFIRM: '' },
      elicit: (message) => {
        prompts.push(message);
        return answer;
      },
    });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => {
    stack.mark();
    prompts.length = 0;
  });

  const events = () => demoProject(stack.sandbox).events;

  it.each([
    ['accept with confirm false', { action: 'accept', content: { confirm: false } }],
    ['decline', { action: 'decline' }],
    ['cancel', { action: 'cancel' }],
  ] as Array<[string, ElicitResult]>)('%s: isError and nothing changes', async (_label, reply) => {
    const target = await fresh(stack, 'event');
    answer = reply;
    const count = events().length;
    stack.mark();
    const r = await stack.call('delete_event', { eventUid: target.uid });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/nothing was changed/i);
    expect(prompts).toHaveLength(1);
    expect(writes(stack)).toEqual([]);
    expect(events()).toHaveLength(count);
  });

  it("an answer with no action: the client's answer was malformed, nothing changes; the messages read well", async () => {
    const target = await fresh(stack, 'event');
    stack.mark();
    answer = {} as ElicitResult;
    const malformed = await stack.call('delete_event', { eventUid: target.uid });
    expect(malformed.isError).toBe(true);
    expect(text(malformed)).toBe("The client's answer to the confirmation request for delete_event was malformed; nothing was changed.");
    answer = { action: 'decline' };
    expect(text(await stack.call('delete_event', { eventUid: target.uid }))).toBe('The user did not confirm delete_event; nothing was changed.');
    answer = { action: 'cancel' };
    expect(text(await stack.call('delete_event', { eventUid: target.uid }))).toBe('The user cancelled the confirmation of delete_event; nothing was changed.');
    expect(writes(stack)).toEqual([]);
    expect(events().some((e) => e.uid === target.uid)).toBe(true);
  });

  it('accept with confirm true proceeds, and the prompt named the item', async () => {
    const target = await fresh(stack, 'event');
    answer = { action: 'accept', content: { confirm: true } };
    stack.mark();
    const r = await stack.call('delete_event', { eventUid: target.uid });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ status: 'deleted', uid: target.uid });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain(target.uid);
    expect(prompts[0]).toContain(target.label);
    expect(writes(stack).map((q) => `${q.method} ${q.path}`)).toEqual([`DELETE /events/${target.uid}`]);
    expect(events().some((e) => e.uid === target.uid)).toBe(false);
  });

  it('does not ask before reads', async () => {
    answer = { action: 'decline' };
    const r = await stack.call('list_events');
    expect(r.isError).toBeFalsy();
    expect(prompts).toEqual([]);
  });
});

describe('PERSONALIZE_CONFIRM=none and =elicit without the capability', () => {
  it('none: a guarded call proceeds without any confirmation', async () => {
    const stack = await startStack({ env: { PERSONALIZE_CONFIRM: 'none' } });
    try {
      const target = await fresh(stack, 'audience');
      stack.mark();
      const r = await stack.call('delete_audience', { audienceUid: target.uid });
      expect(r.isError).toBeFalsy();
      expect((r.structuredContent as { status: string }).status).toBe('deleted');
      expect(writes(stack).map((q) => q.method)).toEqual(['DELETE']);
      expect(demoProject(stack.sandbox).audiences.some((a) => a.uid === target.uid)).toBe(false);
    } finally {
      await stack.close();
    }
  });

  it('elicit with a client that cannot elicit: isError pointing to token or auto, nothing changed', async () => {
    const stack = await startStack({ env: { PERSONALIZE_CONFIRM: 'elicit' } });
    try {
      const target = await fresh(stack, 'attribute');
      const count = demoProject(stack.sandbox).attributes.length;
      stack.mark();
      const r = await stack.call('delete_attribute', { attributeUid: target.uid });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/PERSONALIZE_CONFIRM=token/);
      expect(text(r)).toMatch(/\bauto\b/);
      expect(text(r)).not.toContain('    at ');
      expect(writes(stack)).toEqual([]);
      expect(demoProject(stack.sandbox).attributes).toHaveLength(count);
    } finally {
      await stack.close();
    }
  });
});
