import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTokens } from '../../src/bench/tokens.js';
import { stamp, type Doc } from '../../src/sandbox/store.js';
import { demoProject, startStack, text, type Stack } from '../helpers/harness.js';

type Listed = { audiences: Array<{ uid: string; name?: string; cut?: string }>; total: number; nextCursor?: string };
const listed = (r: CallToolResult) => r.structuredContent as Listed;
const CAP = 256 * 1024;

/** What the cap counts: the structured content and the text content together. */
const bytesOf = (r: CallToolResult) => Buffer.byteLength(JSON.stringify(r.structuredContent ?? {})) + Buffer.byteLength(text(r));

const emptyDefinition = { __type: 'RuleCombination', combinationType: 'AND', rules: [] };

/**
 * list_* tools page (limit, cursor, nextCursor, total) and no result is over PERSONALIZE_MAX_RESULT_BYTES
 * (default 256 KB): big lists get shorter pages, a huge item is cut to its uid and name with a note, a huge
 * single answer is refused with a sentence saying how to get less.
 */
describe('paged, capped results', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  /** Adds audiences to the sandbox's store for one test, and takes them out again after it. */
  async function withAudiences(docs: Array<Record<string, unknown>>, test: (planted: Doc[]) => Promise<void>): Promise<void> {
    const p = demoProject(stack.sandbox);
    const planted = docs.map((d) => stamp({ definition: emptyDefinition, ...d }, p.uid));
    p.audiences.push(...planted);
    try {
      await test(planted);
    } finally {
      p.audiences = p.audiences.filter((a) => !planted.includes(a));
    }
  }

  /** Every page from the first, following nextCursor until it is gone. */
  async function allPages(args: Record<string, unknown> = {}): Promise<CallToolResult[]> {
    const pages: CallToolResult[] = [];
    let cursor: string | undefined;
    do {
      const r = await stack.call('list_audiences', { ...args, ...(cursor ? { cursor } : {}) });
      expect(r.isError, text(r)).toBeFalsy();
      expect(bytesOf(r)).toBeLessThanOrEqual(CAP);
      pages.push(r);
      cursor = listed(r).nextCursor;
    } while (cursor && pages.length < 200);
    return pages;
  }

  it('paging through 230 audiences returns each exactly once; nextCursor goes away at the end', async () => {
    const docs = Array.from({ length: 230 }, (_, i) => ({ name: `Paged ${i}` }));
    await withAudiences(docs, async () => {
      const expected = demoProject(stack.sandbox).audiences.map((a) => a.uid);
      const first = await stack.call('list_audiences');
      expect(listed(first).audiences).toHaveLength(50);
      expect(listed(first).total).toBe(expected.length);
      expect(text(first)).toMatch(new RegExp(`^50 of ${expected.length} audiences; pass nextCursor as cursor for more`));

      const pages = await allPages({ limit: 60 });
      expect(pages.map((r) => listed(r).audiences.length)).toEqual([60, 60, 60, expected.length - 180]);
      const seen = pages.flatMap((r) => listed(r).audiences.map((a) => a.uid));
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
      for (const r of pages) expect(listed(r).total).toBe(expected.length);
      expect(listed(pages.at(-1)!).nextCursor).toBeUndefined();
      expect(pages.at(-1)!.structuredContent).not.toHaveProperty('nextCursor');
    });
  });

  it('list_audiences on a project with 200 audiences: compact rows, a text of lines not JSON, under 4,000 tokens (issue 12)', async () => {
    const docs = Array.from({ length: 200 - demoProject(stack.sandbox).audiences.length }, (_, i) => ({
      name: `Visitors from campaign ${i}`,
      description: `Everyone who arrived through spring campaign number ${i}, on any device, in any country we sell to.`,
    }));
    await withAudiences(docs, async () => {
      const r = await stack.call('list_audiences');
      const { audiences, total } = listed(r);
      expect(total).toBe(200);
      for (const a of audiences)
        expect(
          Object.keys(a).every((k) => ['uid', 'name', 'source'].includes(k)),
          JSON.stringify(a),
        ).toBe(true);
      const lines = text(r).split('\n');
      expect(lines[0]).toBe('50 of 200 audiences; pass nextCursor as cursor for more');
      expect(lines.slice(1)).toEqual(audiences.map((a) => `- ${a.name} (uid ${a.uid}${(a as { source?: string }).source ? `, source ${(a as { source?: string }).source}` : ''})`));
      expect(text(r)).not.toContain('{');
      const tokens = countTokens(text(r)) + countTokens(JSON.stringify(r.structuredContent));
      expect(tokens).toBeLessThanOrEqual(4000);
    });
  });

  it('a bad cursor, a cursor of another list and one of other arguments are clear errors', async () => {
    const docs = Array.from({ length: 60 }, (_, i) => ({ name: `Cursor ${i}` }));
    await withAudiences(docs, async () => {
      const cursor = listed(await stack.call('list_audiences', { limit: 10 })).nextCursor!;
      expect(cursor).toBeTruthy();
      const bad = await stack.call('list_audiences', { cursor: 'not-a-cursor' });
      expect(bad.isError).toBe(true);
      expect(text(bad)).toMatch(/^cursor: not a cursor this server gave; pass the nextCursor of the previous list_audiences answer unchanged/);
      const foreign = await stack.call('list_events', { cursor });
      expect(foreign.isError).toBe(true);
      expect(text(foreign)).toMatch(/^cursor: it continues another list .*not this list_events call/);
      const countries = await stack.call('list_countries', { limit: 1 });
      const otherSearch = await stack.call('list_countries', { search: 'can', cursor: (countries.structuredContent as { nextCursor: string }).nextCursor });
      expect(otherSearch.isError).toBe(true);
      expect(text(otherSearch)).toMatch(/^cursor: it continues another list/);
      const tooMany = await stack.call('list_audiences', { limit: 201 });
      expect(tooMany.isError).toBe(true);
      expect(text(tooMany)).toMatch(/at limit/);
    });
  });

  it('every list_* tool takes limit and cursor and reports total', async () => {
    const { tools } = await stack.client.listTools();
    const lists = tools.filter((t) => t.name.startsWith('list_'));
    expect(lists.length).toBeGreaterThanOrEqual(9);
    for (const t of lists) {
      expect(Object.keys(t.inputSchema.properties ?? {}), t.name).toEqual(expect.arrayContaining(['limit', 'cursor']));
      expect(Object.keys(t.outputSchema?.properties ?? {}), t.name).toEqual(expect.arrayContaining(['total', 'nextCursor']));
    }
    const ab = demoProject(stack.sandbox).experiences[0]!;
    const versions = await stack.call('list_experience_versions', { experienceUid: ab.uid, limit: 1 });
    expect(versions.structuredContent).toMatchObject({ total: ab.versions.length });
  });

  it('a 5 MB list from the API: pages that fit the cap, every item once, and the session goes on', async () => {
    // List rows keep uid, name and source (src/tools/rows.ts): a 20 KB source makes each row big.
    const docs = Array.from({ length: 250 }, (_, i) => ({ name: `Big ${i}`, source: `${i} `.padEnd(20 * 1024, 'd') }));
    await withAudiences(docs, async () => {
      const expected = demoProject(stack.sandbox).audiences.map((a) => a.uid);
      const first = await stack.call('list_audiences');
      expect(bytesOf(first)).toBeLessThanOrEqual(CAP);
      expect(listed(first).nextCursor).toBeTruthy();
      expect(listed(first).total).toBe(expected.length);
      const pages = await allPages({ limit: 200 });
      expect(pages.length).toBeGreaterThan(20);
      expect(pages.flatMap((r) => listed(r).audiences.map((a) => a.uid))).toEqual(expected);
      expect(pages.flatMap((r) => listed(r).audiences).some((a) => a.cut)).toBe(false);
    });
    const after = await stack.call('list_events');
    expect(after.isError, text(after)).toBeFalsy();
  });

  it('an item too big for any page is cut to its uid and name, with a note, and paging goes past it', async () => {
    await withAudiences([{ name: 'Small before' }, { name: 'Huge', source: 'h'.repeat(400 * 1024) }, { name: 'Small after' }], async (planted) => {
      const pages = await allPages({ limit: 200 });
      const all = pages.flatMap((r) => listed(r).audiences);
      expect(all.map((a) => a.uid)).toEqual(demoProject(stack.sandbox).audiences.map((a) => a.uid));
      const huge = all.find((a) => a.uid === planted[1]!.uid)!;
      expect(huge).toEqual({
        uid: planted[1]!.uid,
        name: 'Huge',
        cut: expect.stringMatching(/^Only its uid and name are shown: the item is 40\d KB as JSON, more than one result may hold \(256 KB, PERSONALIZE_MAX_RESULT_BYTES\)\.$/),
      });

      // The single read of it: cut the same way, with the note in the text too.
      const one = await stack.call('get_audience', { audienceUid: planted[1]!.uid });
      expect(one.isError).toBeFalsy();
      expect(bytesOf(one)).toBeLessThanOrEqual(CAP);
      expect(one.structuredContent).toEqual({
        audience: {
          uid: planted[1]!.uid,
          name: 'Huge',
          cut: expect.stringMatching(/^Only the uid and name are shown: the whole answer is \d+ KB, over the 256 KB one result may hold/),
        },
      });
      expect(text(one)).toMatch(/^Only the uid and name are shown/);
    });
  });

  it('an answer that cannot be cut to entities is refused with a way to get less, never half a JSON', async () => {
    const definition = {
      __type: 'RuleCombination',
      combinationType: 'AND',
      rules: [
        {
          __type: 'Rule',
          attribute: { __type: 'PresetAttributeReference', ref: 'COUNTRY' },
          attributeMatchCondition: 'STRING_EQUALS',
          attributeMatchOptions: { __type: 'StringMatchOptions', value: 'v'.repeat(100 * 1024) },
          invertCondition: false,
        },
      ],
    };
    await withAudiences([{ name: 'Long value', definition }], async (planted) => {
      const r = await stack.call('describe_audience', { audienceUid: planted[0]!.uid });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(
        /^The answer of describe_audience is \d+ KB, over the 256 KB one result may hold \(PERSONALIZE_MAX_RESULT_BYTES\), so it is not shown\. Ask for less .* or raise PERSONALIZE_MAX_RESULT_BYTES\.$/,
      );
    });
  });
});
