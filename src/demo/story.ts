import type { DemoSession } from './connect.js';
import { answer, call, detail, firstLine, heading, say } from './print.js';

type Row = Record<string, unknown> & { uid: string };
type Out = Record<string, unknown>;

export class StepFailed extends Error {}

/** Calls one tool, prints the call and the first line of its answer, and fails the story on isError. */
async function run(s: DemoSession, name: string, args: Record<string, unknown>, show: (out: Out, line: string) => string = (_o, line) => line): Promise<Out> {
  call(name, args);
  const result = await s.call(name, args);
  answer(result.isError ? firstLine(result) : show((result.structuredContent ?? {}) as Out, firstLine(result)));
  if (result.isError) throw new StepFailed(`${name} failed: ${firstLine(result)}`);
  return (result.structuredContent ?? {}) as Out;
}

function need<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null || value === '') throw new StepFailed(`the answer has no ${what}`);
  return value;
}

const rule = (attribute: Record<string, string>, value: string) => ({
  __type: 'Rule',
  attribute,
  attributeMatchCondition: 'STRING_EQUALS',
  attributeMatchOptions: { __type: 'StringMatchOptions', value },
  invertCondition: false,
});

/** The story of the README: from an empty idea to a live segmented experience, through the MCP tools. */
export async function tellStory(s: DemoSession): Promise<void> {
  heading('Which projects can the assistant see?');
  const { projects } = await run(s, 'list_projects', {});
  for (const p of need(projects as Row[] | undefined, 'projects')) detail(`• ${String(p.name)} (${p.uid})`);

  heading('Create a custom attribute the website will set on visitors');
  const { attribute } = await run(s, 'create_attribute', { name: 'Membership tier', key: 'membership_tier', description: 'bronze, silver or gold' });
  const attributeUid = need((attribute as Row | undefined)?.uid, 'attribute uid');
  detail(`attribute uid ${attributeUid}, key membership_tier`);

  heading('Create an audience: gold members in Canada');
  const definition = {
    __type: 'RuleCombination',
    combinationType: 'AND',
    rules: [rule({ __type: 'PresetAttributeReference', ref: 'COUNTRY' }, 'CA'), rule({ __type: 'CustomAttributeReference', ref: attributeUid }, 'gold')],
  };
  detail('rules: COUNTRY = "CA" and membership_tier = "gold"');
  const { audience } = await run(s, 'create_audience', { name: 'Gold members in Canada', description: 'Canadian visitors on the gold tier', definition });
  const audienceUid = need((audience as Row | undefined)?.uid, 'audience uid');

  heading('Create a segmented experience (it starts with an empty draft version)');
  const { experience } = await run(s, 'create_experience', { name: 'Gold member welcome', type: 'SEGMENTED', description: 'A welcome banner for gold members in Canada' });
  const experienceUid = need((experience as Row | undefined)?.uid, 'experience uid');
  const versionUid = need((experience as Row).latestVersion as string | undefined, 'draft version uid');

  heading('Fill the draft with a variant that targets the new audience');
  const variants = [{ __type: 'SegmentedVariant', name: 'Gold welcome banner', audiences: [audienceUid], audienceCombinationType: 'OR' }];
  const { version } = await run(s, 'update_experience_version', { experienceUid, versionUid, variants });
  detail(`variant "Gold welcome banner" → audience "Gold members in Canada"; version status ${String((version as Row | undefined)?.status)}`);

  heading('Activate it: live traffic changes, so the server asks for confirmation first');
  const first = await run(s, 'activate_experience', { experienceUid }, (o) => `status ${String(o.status)}: nothing changed yet, a confirmationToken came back`);
  if (first.status !== 'confirmation_required') throw new StepFailed(`expected confirmation_required, got ${String(first.status)}`);
  say(`\n   The assistant asks the user: "${String(first.summary)}"`);
  say('   The user says yes, so the assistant calls again with the confirmationToken.\n');
  const token = need(first.confirmationToken as string | undefined, 'confirmationToken');
  const done = await run(s, 'activate_experience', { experienceUid, confirmationToken: token });
  if (done.status !== 'ACTIVE') throw new StepFailed(`expected ACTIVE, got ${String(done.status)}`);

  heading('List experiences: the new one is live');
  const { experiences } = await run(s, 'list_experiences', {});
  const rows = need(experiences as Row[] | undefined, 'experiences');
  for (const e of rows) detail(`${e.uid === experienceUid ? '★' : '•'} ${String(e.name).padEnd(28)} ${String(e.__type).padEnd(10)} ${String(e.status)}`);
  const created = rows.find((e) => e.uid === experienceUid);
  if (created?.status !== 'ACTIVE') throw new StepFailed(`"Gold member welcome" is ${String(created?.status ?? 'missing')}, not ACTIVE`);
}
