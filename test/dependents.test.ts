import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed, demoProject, startStack, text, type Stack } from './helpers/harness.js';

const writes = (stack: Stack) => stack.sinceMark().filter((r) => r.method !== 'GET');

describe('deletes that know their dependents', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  const uidOf = (kind: 'attributes' | 'audiences' | 'events', field: string, value: string) => demoProject(stack.sandbox)[kind].find((d) => d[field] === value)!.uid;

  it('refuses to delete an audience a live experience targets, changing nothing', async () => {
    const audienceUid = uidOf('audiences', 'name', 'Canadian mobile visitors');
    stack.mark();
    const r = await stack.call('delete_audience', { audienceUid });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('Homepage hero by segment');
    expect(text(r)).toContain('force: true');
    expect(writes(stack)).toHaveLength(0);
    expect(demoProject(stack.sandbox).audiences.some((a) => a.uid === audienceUid)).toBe(true);
  });

  it('refuses to delete an attribute whose audience a live experience uses, naming both', async () => {
    const attributeUid = uidOf('attributes', 'key', 'loyalty_points');
    stack.mark();
    const r = await stack.call('delete_attribute', { attributeUid });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('Loyal shoppers');
    expect(text(r)).toContain('Homepage hero by segment');
    expect(writes(stack)).toHaveLength(0);
  });

  it('refuses to delete an event a live A/B test measures', async () => {
    const eventUid = uidOf('events', 'key', 'purchase');
    stack.mark();
    const r = await stack.call('delete_event', { eventUid });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('Checkout button test');
    expect(writes(stack)).toHaveLength(0);
  });

  it('names draft-only dependents in the confirmation and deletes after it', async () => {
    const audienceUid = uidOf('audiences', 'name', 'Newsletter subscribers');
    const first = await stack.call('delete_audience', { audienceUid });
    const summary = (first.structuredContent as { status: string; summary: string }).summary;
    expect((first.structuredContent as { status: string }).status).toBe('confirmation_required');
    expect(summary).toContain('Summer banner');
    expect(summary).toContain('DRAFT');
    const done = await stack.call('delete_audience', { audienceUid, confirmationToken: (first.structuredContent as { confirmationToken: string }).confirmationToken });
    expect(done.isError).toBeFalsy();
    expect((done.structuredContent as { dependents: Array<{ name: string }> }).dependents.map((d) => d.name)).toEqual(['Summer banner']);
    expect(demoProject(stack.sandbox).audiences.some((a) => a.uid === audienceUid)).toBe(false);
  });

  it('force: true still asks, then deletes what a live experience uses', async () => {
    const eventUid = uidOf('events', 'key', 'purchase');
    const first = await stack.call('delete_event', { eventUid, force: true });
    const s = first.structuredContent as { status: string; summary: string };
    expect(s.status).toBe('confirmation_required');
    expect(s.summary).toContain('Checkout button test');
    expect(s.summary).toContain('Live visitors are affected');
    expect(demoProject(stack.sandbox).events.some((e) => e.uid === eventUid)).toBe(true);
    const done = await confirmed(stack, 'delete_event', { eventUid, force: true });
    expect(done.isError).toBeFalsy();
    expect(demoProject(stack.sandbox).events.some((e) => e.uid === eventUid)).toBe(false);
  });

  it('force: true deletes an audience a live experience targets, after a confirmation that says so', async () => {
    const audienceUid = uidOf('audiences', 'name', 'Canadian mobile visitors');
    const first = await stack.call('delete_audience', { audienceUid, force: true });
    expect((first.structuredContent as { summary: string }).summary).toContain('Homepage hero by segment');
    expect(demoProject(stack.sandbox).audiences.some((a) => a.uid === audienceUid)).toBe(true);
    const done = await confirmed(stack, 'delete_audience', { audienceUid, force: true });
    expect(done.isError).toBeFalsy();
    expect(demoProject(stack.sandbox).audiences.some((a) => a.uid === audienceUid)).toBe(false);
  });

  it('force: true deletes an attribute whose audience is live, naming the audience', async () => {
    const attributeUid = uidOf('attributes', 'key', 'loyalty_points');
    const first = await stack.call('delete_attribute', { attributeUid, force: true });
    expect((first.structuredContent as { summary: string }).summary).toContain('Loyal shoppers');
    const done = await confirmed(stack, 'delete_attribute', { attributeUid, force: true });
    expect(done.isError).toBeFalsy();
    expect(demoProject(stack.sandbox).attributes.some((a) => a.uid === attributeUid)).toBe(false);
  });

  it('deletes an unused attribute with nothing named', async () => {
    const created = await stack.call('create_attribute', { name: 'Shoe size', key: 'shoe_size' });
    const attributeUid = (created.structuredContent as { attribute: { uid: string } }).attribute.uid;
    const first = await stack.call('delete_attribute', { attributeUid });
    expect((first.structuredContent as { summary: string }).summary).toContain('Nothing uses it');
    const done = await confirmed(stack, 'delete_attribute', { attributeUid });
    expect(done.isError).toBeFalsy();
    expect(demoProject(stack.sandbox).attributes.some((a) => a.uid === attributeUid)).toBe(false);
  });
});
