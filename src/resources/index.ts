import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ListResourcesResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { cappedJson } from './cap.js';
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { cachedAudiences } from '../api/management/audiences.js';
import { cachedExperiences } from '../api/management/experiences.js';
import { cachedProjects } from '../api/management/projects.js';
import { projectOf, type SessionContext } from '../context.js';
import { PersonalizeApiError } from '../api/errors.js';
import { readExperimentResults } from '../tools/analytics/get-experiment-results.js';
import { isUid } from '../tools/params.js';
import { audienceView } from './audience.js';
import { experiencesView, experienceView, projectView } from './views.js';

const JSON_TYPE = 'application/json';
/** Template list callbacks enumerate at most this many projects, to bound upstream calls. */
const MAX_PROJECTS_LISTED = 5;

function notFound(uri: URL): never {
  throw new McpError(ErrorCode.InvalidParams, `Resource ${uri.href} not found`);
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** Registered once per process; every callback reads the session it serves from `ctx()` (src/session.ts). */
export function registerResources(server: McpServer, ctx: () => SessionContext): void {
  /** The view as JSON under the session's result cap; `instead` names the tool that reads it in parts. */
  const json = (uri: URL, body: Record<string, unknown>, instead: string): ReadResourceResult => cappedJson(uri, body, ctx().runtime.config.maxResultBytes, instead);
  const projects = async () => (await cachedProjects(ctx().reads)).slice(0, MAX_PROJECTS_LISTED);
  const completeProject = async (value: string) => (await cachedProjects(ctx().reads)).map((p) => p.uid).filter((u) => u.startsWith(value));
  const completeExperience = async (value: string, c?: { arguments?: Record<string, string> }) => {
    const project = projectOf(ctx(), c?.arguments);
    if (!project) return [];
    return (await cachedExperiences(ctx().reads, project)).map((e) => e.uid).filter((u) => u.startsWith(value));
  };
  const eachProject = async (make: (p: { uid: string; name?: unknown }) => Promise<ListResourcesResult['resources']>): Promise<ListResourcesResult> => ({
    resources: (await Promise.all((await projects()).map(make))).flat(),
  });

  server.registerResource('projects', 'personalize://projects', { title: 'Projects', description: "The organization's Personalize projects", mimeType: JSON_TYPE }, async (uri) =>
    json(uri, { projects: (await cachedProjects(ctx().reads)).map((p) => ({ uid: p.uid, name: p.name, description: p.description })) }, 'list_projects'),
  );

  server.registerResource(
    'project',
    new ResourceTemplate('personalize://projects/{projectUid}', {
      list: async () => ({ resources: (await projects()).map((p) => ({ uri: `personalize://projects/${p.uid}`, name: String(p.name ?? p.uid) })) }),
      complete: { projectUid: completeProject },
    }),
    { title: 'Project', description: 'One project: counts of attributes, audiences, events and experiences by status', mimeType: JSON_TYPE },
    async (uri, v) => {
      const uid = str(v.projectUid);
      if (!(await cachedProjects(ctx().reads)).some((p) => p.uid === uid)) notFound(uri);
      return json(uri, await projectView(ctx(), uid), 'list_projects');
    },
  );

  server.registerResource(
    'experiences',
    new ResourceTemplate('personalize://projects/{projectUid}/experiences', {
      list: async () => ({ resources: (await projects()).map((p) => ({ uri: `personalize://projects/${p.uid}/experiences`, name: `${String(p.name ?? p.uid)} experiences` })) }),
      complete: { projectUid: completeProject },
    }),
    { title: 'Experiences', description: "A project's experiences with type and status", mimeType: JSON_TYPE },
    async (uri, v) => json(uri, await experiencesView(ctx(), str(v.projectUid)), 'list_experiences'),
  );

  server.registerResource(
    'experience',
    new ResourceTemplate('personalize://projects/{projectUid}/experiences/{experienceUid}', {
      list: () =>
        eachProject(async (p) =>
          (await cachedExperiences(ctx().reads, p.uid)).map((e) => ({ uri: `personalize://projects/${p.uid}/experiences/${e.uid}`, name: String(e.name ?? e.uid) })),
        ),
      complete: { projectUid: completeProject, experienceUid: completeExperience },
    }),
    { title: 'Experience', description: 'One experience with its versions, variants, audience names and variant aliases', mimeType: JSON_TYPE },
    async (uri, v) => json(uri, (await experienceView(ctx(), str(v.projectUid), str(v.experienceUid))) ?? notFound(uri), 'get_experience and list_experience_versions'),
  );

  server.registerResource(
    'experiment-results',
    new ResourceTemplate('personalize://projects/{projectUid}/experiences/{experienceUid}/results', {
      list: () =>
        eachProject(async (p) =>
          (await cachedExperiences(ctx().reads, p.uid))
            .filter((e) => e.__type === 'AB_TEST')
            .map((e) => ({ uri: `personalize://projects/${p.uid}/experiences/${e.uid}/results`, name: `${String(e.name ?? e.uid)} results` })),
        ),
      complete: { projectUid: completeProject, experienceUid: completeExperience },
    }),
    {
      title: 'Experiment results',
      description:
        'What get_experiment_results returns for the active (else newest) version: rates, lift, p-values, probability to be best, status, sample-ratio check, time left, summary',
      mimeType: JSON_TYPE,
    },
    async (uri, v) => {
      // The uids go into upstream paths: anything but a uid is simply not found.
      if (!isUid(str(v.projectUid)) || !isUid(str(v.experienceUid))) notFound(uri);
      try {
        return json(uri, await readExperimentResults(ctx(), str(v.projectUid), str(v.experienceUid)), 'get_experiment_results with a versionUid');
      } catch (err) {
        if (err instanceof PersonalizeApiError && err.status === 404) notFound(uri);
        throw err;
      }
    },
  );

  server.registerResource(
    'audience',
    new ResourceTemplate('personalize://projects/{projectUid}/audiences/{audienceUid}', {
      list: () =>
        eachProject(async (p) =>
          (await cachedAudiences(ctx().reads, p.uid)).map((a) => ({ uri: `personalize://projects/${p.uid}/audiences/${a.uid}`, name: String(a.name ?? a.uid) })),
        ),
      complete: {
        projectUid: completeProject,
        audienceUid: async (value, c) => {
          const project = projectOf(ctx(), c?.arguments);
          return project ? (await cachedAudiences(ctx().reads, project)).map((a) => a.uid).filter((u) => u.startsWith(value)) : [];
        },
      },
    }),
    { title: 'Audience', description: 'One audience with its rules in the rule language and in English', mimeType: JSON_TYPE },
    async (uri, v) => json(uri, (await audienceView(ctx(), str(v.projectUid), str(v.audienceUid))) ?? notFound(uri), 'describe_audience'),
  );
}
