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

interface ManifestEntry {
  experienceName?: string;
  variantName?: string;
  variantShortUid: string | null;
  experienceUid?: string;
}

/** What a visitor is shown, one line per live experience, in words. */
function showManifest(out: Out): void {
  const entries = (out.experiences ?? []) as ManifestEntry[];
  if (!entries.length) detail('no live experience: the visitor sees the default page');
  for (const e of entries) {
    const name = e.experienceName ?? 'an experience';
    detail(e.variantShortUid === null ? `• ${name}: nothing (no variant's audience matches)` : `• ${name}: "${e.variantName ?? `variant ${e.variantShortUid}`}"`);
  }
}

/** A visitor from Montreal (the sandbox's IP table) whose site set membership_tier = gold. */
const GOLD_IN_MONTREAL = { ipAddress: '203.0.113.10', liveAttributes: { membership_tier: 'gold' } };

/** The story of the README: from an empty idea to a live segmented experience, through the MCP tools. */
export async function tellStory(s: DemoSession): Promise<void> {
  heading('Which projects can the assistant see?');
  const { projects } = await run(s, 'list_projects', {});
  for (const p of need(projects as Row[] | undefined, 'projects')) detail(`• ${String(p.name)} (${p.uid})`);

  heading('Create a custom attribute the website will set on visitors');
  const { attribute } = await run(s, 'create_attribute', { name: 'Membership tier', key: 'membership_tier', description: 'bronze, silver or gold' });
  const attributeUid = need((attribute as Row | undefined)?.uid, 'attribute uid');
  detail(`attribute uid ${attributeUid}, key membership_tier`);

  heading('Create an audience in plain rule text: gold members in Canada');
  const rules = 'country = "CA" and membership_tier = "gold"';
  const { audience } = await run(s, 'create_audience', { name: 'Gold members in Canada', description: 'Canadian visitors on the gold tier', rules });
  const audienceUid = need((audience as Row | undefined)?.uid, 'audience uid');
  const described = await run(s, 'describe_audience', { audienceUid }, () => 'the rules, read back from Personalize:');
  detail(`rules:      ${String(described.rules)}`);
  detail(`in English: ${String(described.english)}`);

  heading('Create a segmented experience (it starts with an empty draft version)');
  const { experience } = await run(s, 'create_experience', { name: 'Gold member welcome', type: 'SEGMENTED', description: 'A welcome banner for gold members in Canada' });
  const experienceUid = need((experience as Row | undefined)?.uid, 'experience uid');
  const versionUid = need((experience as Row).latestVersion as string | undefined, 'draft version uid');

  heading('Fill the draft with a variant that targets the new audience');
  const variants = [{ __type: 'SegmentedVariant', name: 'Gold welcome banner', audiences: [audienceUid], audienceCombinationType: 'OR' }];
  const { version } = await run(s, 'update_experience_version', { experienceUid, versionUid, variants });
  detail(`variant "Gold welcome banner" → audience "Gold members in Canada"; version status ${String((version as Row | undefined)?.status)}`);

  heading('Before it goes live: what does a gold member visiting from Montreal see?');
  const before = await run(s, 'get_manifest', GOLD_IN_MONTREAL, (o) => `${((o.experiences ?? []) as unknown[]).length} live experience(s) for this new visitor:`);
  showManifest(before);
  const userUid = need(before.userUid as string | undefined, 'visitor uid');
  detail('"Gold member welcome" is not among them: its version is still a draft.');

  heading('Activate it: live traffic changes, so the server asks for confirmation first');
  const first = await run(s, 'activate_experience', { experienceUid }, (o) => `status ${String(o.status)}: nothing changed yet, a confirmationToken came back`);
  if (first.status !== 'confirmation_required') throw new StepFailed(`expected confirmation_required, got ${String(first.status)}`);
  say(`\n   The assistant asks the user: "${String(first.summary)}"`);
  say('   The user says yes, so the assistant calls again with the confirmationToken.\n');
  const token = need(first.confirmationToken as string | undefined, 'confirmationToken');
  const done = await run(s, 'activate_experience', { experienceUid, confirmationToken: token });
  if (done.status !== 'ACTIVE') throw new StepFailed(`expected ACTIVE, got ${String(done.status)}`);

  heading('After activation: the same visitor now gets the welcome banner');
  const after = await run(s, 'get_manifest', { ...GOLD_IN_MONTREAL, userUid }, (o) => `${((o.experiences ?? []) as unknown[]).length} live experience(s) for this visitor:`);
  showManifest(after);
  const welcome = ((after.experiences ?? []) as ManifestEntry[]).find((e) => e.experienceUid === experienceUid);
  if (welcome?.variantName !== 'Gold welcome banner') throw new StepFailed(`the visitor gets ${JSON.stringify(welcome ?? null)}, not the Gold welcome banner`);
  detail('(the same A/B variant as before: a visitor keeps theirs)');
  heading('And a silver member visiting from London does not');
  const london = await run(s, 'get_manifest', { ipAddress: '192.0.2.10', liveAttributes: { membership_tier: 'silver' } }, () => 'for this visitor:');
  showManifest(london);

  heading('List experiences: the new one is live');
  const { experiences } = await run(s, 'list_experiences', {});
  const rows = need(experiences as Row[] | undefined, 'experiences');
  for (const e of rows) detail(`${e.uid === experienceUid ? '★' : '•'} ${String(e.name).padEnd(28)} ${String(e.__type).padEnd(10)} ${String(e.status)}`);
  const created = rows.find((e) => e.uid === experienceUid);
  if (created?.status !== 'ACTIVE') throw new StepFailed(`"Gold member welcome" is ${String(created?.status ?? 'missing')}, not ACTIVE`);
}
