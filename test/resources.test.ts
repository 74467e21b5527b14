import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed, demoProject, resourceText, startStack, type Stack } from './helpers/harness.js';

interface ExperienceBody {
  name: string;
  status: string;
  versions: Array<{ status: string; variants: Array<{ name: string; alias?: string; audiences?: Array<{ uid: string; name: string }> }> }>;
}

describe('resources', () => {
  let stack: Stack;
  let project: string;
  const read = async (uri: string) => JSON.parse(resourceText(await stack.client.readResource({ uri }))) as Record<string, unknown>;

  beforeAll(async () => {
    stack = await startStack();
    project = stack.sandbox.demo.projectUid;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('lists the fixed projects resource and every template instance', async () => {
    const { resources } = await stack.client.listResources();
    const uris = resources.map((r) => r.uri);
    const p = demoProject(stack.sandbox);
    expect(uris).toContain('personalize://projects');
    expect(uris).toContain(`personalize://projects/${project}`);
    expect(uris).toContain(`personalize://projects/${project}/experiences`);
    for (const e of p.experiences) expect(uris).toContain(`personalize://projects/${project}/experiences/${e.uid}`);
    for (const a of p.audiences) expect(uris).toContain(`personalize://projects/${project}/audiences/${a.uid}`);
    // Results only for A/B tests: a segmented experience has nothing to judge.
    expect(uris.filter((u) => u.endsWith('/results'))).toEqual(
      p.experiences.filter((e) => e.__type === 'AB_TEST').map((e) => `personalize://projects/${project}/experiences/${e.uid}/results`),
    );
    const { resourceTemplates } = await stack.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'personalize://projects/{projectUid}',
      'personalize://projects/{projectUid}/audiences/{audienceUid}',
      'personalize://projects/{projectUid}/experiences',
      'personalize://projects/{projectUid}/experiences/{experienceUid}',
      'personalize://projects/{projectUid}/experiences/{experienceUid}/results',
    ]);
  });

  it('reads a project with counts by status', async () => {
    const body = await read(`personalize://projects/${project}`);
    expect(body.name).toBe('Demo Store');
    expect(body.counts).toMatchObject({ customAttributes: 3, audiences: 3, events: 2, experiences: 3, experiencesByStatus: { ACTIVE: 2, DRAFT: 1 } });
  });

  it('reads an experience with versions, variant aliases and audience names', async () => {
    const hero = demoProject(stack.sandbox).experiences.find((e) => e.name === 'Homepage hero by segment')!;
    const body = (await read(`personalize://projects/${project}/experiences/${hero.uid}`)) as unknown as ExperienceBody;
    expect(body.status).toBe('ACTIVE');
    const variants = body.versions[0]!.variants;
    expect(variants.map((v) => v.alias)).toEqual(hero.versions[0]!.variants.map((v) => `cs_personalize_${hero.shortUid}_${String(v.shortUid)}`));
    const canadian = demoProject(stack.sandbox).audiences.find((a) => a.name === 'Canadian mobile visitors')!;
    expect(variants[0]!.audiences).toEqual([{ uid: canadian.uid, name: 'Canadian mobile visitors' }]);
  });

  it('reads the experiences list and an audience', async () => {
    const list = await read(`personalize://projects/${project}/experiences`);
    expect((list.experiences as Array<{ name: string; status: string }>).map((e) => `${e.name}:${e.status}`)).toContain('Summer banner:DRAFT');
    const loyal = demoProject(stack.sandbox).audiences.find((a) => a.name === 'Loyal shoppers')!;
    const audience = await read(`personalize://projects/${project}/audiences/${loyal.uid}`);
    expect(audience.name).toBe('Loyal shoppers');
  });

  it('completes project and experience uids', async () => {
    const projects = await stack.client.complete({
      ref: { type: 'ref/resource', uri: 'personalize://projects/{projectUid}' },
      argument: { name: 'projectUid', value: project.slice(0, 4) },
    });
    expect(projects.completion.values).toEqual([project]);
    const exps = await stack.client.complete({
      ref: { type: 'ref/resource', uri: 'personalize://projects/{projectUid}/experiences/{experienceUid}' },
      argument: { name: 'experienceUid', value: '' },
      context: { arguments: { projectUid: project } },
    });
    expect(exps.completion.values.sort()).toEqual(
      demoProject(stack.sandbox)
        .experiences.map((e) => e.uid)
        .sort(),
    );
  });

  it('an unknown uid is a clear resource error', async () => {
    await expect(stack.client.readResource({ uri: `personalize://projects/${project}/experiences/000000000000000000000000` })).rejects.toThrow(/not found/);
  });

  it('serves repeated reads from the cache, and a write shows at once', async () => {
    const uri = `personalize://projects/${project}/experiences`;
    await read(uri);
    stack.mark();
    await read(uri);
    expect(stack.sinceMark()).toHaveLength(0);
    const created = await stack.call('create_experience', { name: 'Cache probe', type: 'AB_TEST' });
    expect(created.isError).toBeFalsy();
    const after = await read(uri);
    expect((after.experiences as Array<{ name: string }>).map((e) => e.name)).toContain('Cache probe');
    const uid = (created.structuredContent as { experience: { uid: string } }).experience.uid;
    const deleted = await confirmed(stack, 'delete_experience', { experienceUid: uid });
    expect(deleted.isError).toBeFalsy();
    const again = await read(uri);
    expect((again.experiences as Array<{ name: string }>).map((e) => e.name)).not.toContain('Cache probe');
  });
});

describe('resources under the result cap (PERSONALIZE_MAX_RESULT_BYTES)', () => {
  const CAP = 16_384;
  let stack: Stack;
  let project: string;

  beforeAll(async () => {
    stack = await startStack({ env: { PERSONALIZE_MAX_RESULT_BYTES: String(CAP) } });
    project = stack.sandbox.demo.projectUid;
    const p = demoProject(stack.sandbox);
    const model = p.experiences[0]!;
    // 120 experiences with 200-character names: about 40 KB as the experiences resource shows them.
    for (let i = 0; i < 120; i++) p.experiences.push({ ...model, uid: `capexp${String(i).padStart(17, '0')}`, name: `Cap ${i} ${'n'.repeat(190)}`, shortUid: `c${i}` });
    p.experiences[0] = { ...model, description: 'd'.repeat(40_000) };
  });
  afterAll(async () => {
    await stack.close();
  });

  it('a listing keeps the rows that fit, in order, and says how many of how many and which tool pages', async () => {
    const result = await stack.client.readResource({ uri: `personalize://projects/${project}/experiences` });
    const text = resourceText(result);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(CAP);
    const body = JSON.parse(text) as { experiences: Array<{ uid: string }>; cut: string };
    const all = demoProject(stack.sandbox).experiences;
    expect(body.experiences.length).toBeGreaterThan(0);
    expect(body.experiences.length).toBeLessThan(all.length);
    expect(body.experiences.map((e) => e.uid)).toEqual(all.slice(0, body.experiences.length).map((e) => e.uid));
    expect(body.cut).toContain(`Showing the first ${body.experiences.length} of ${all.length} experiences`);
    expect(body.cut).toContain('list_experiences');
  });

  it('one entity over the cap is refused with the tool that reads it, not cut', async () => {
    const uid = demoProject(stack.sandbox).experiences[0]!.uid;
    await expect(stack.client.readResource({ uri: `personalize://projects/${project}/experiences/${uid}` })).rejects.toThrow(
      /over the 16 KB one result may hold \(PERSONALIZE_MAX_RESULT_BYTES\).*get_experience/,
    );
  });
});
