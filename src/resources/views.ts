import { cachedAttributes } from '../api/management/attributes.js';
import { cachedAudiences } from '../api/management/audiences.js';
import { cachedEvents } from '../api/management/events.js';
import { cachedExperiences } from '../api/management/experiences.js';
import { cachedProjects } from '../api/management/projects.js';
import { cachedVersions } from '../api/management/versions.js';
import type { Item } from '../api/reads.js';
import type { SessionContext } from '../context.js';

/** JSON views a person can read: names beside uids, variant aliases, version states. */

export async function projectView(ctx: SessionContext, projectUid: string) {
  const [projects, attributes, audiences, events, experiences] = await Promise.all([
    cachedProjects(ctx.reads),
    cachedAttributes(ctx.reads, projectUid),
    cachedAudiences(ctx.reads, projectUid),
    cachedEvents(ctx.reads, projectUid),
    cachedExperiences(ctx.reads, projectUid),
  ]);
  const project = projects.find((p) => p.uid === projectUid);
  const byStatus: Record<string, number> = {};
  for (const e of experiences) byStatus[String(e.status ?? 'UNKNOWN')] = (byStatus[String(e.status ?? 'UNKNOWN')] ?? 0) + 1;
  return {
    uid: projectUid,
    name: project?.name,
    description: project?.description,
    counts: {
      customAttributes: attributes.filter((a) => a.__type !== 'PRESET').length,
      audiences: audiences.length,
      events: events.length,
      experiences: experiences.length,
      experiencesByStatus: byStatus,
    },
  };
}

export async function experiencesView(ctx: SessionContext, projectUid: string) {
  const experiences = await cachedExperiences(ctx.reads, projectUid);
  return {
    projectUid,
    experiences: experiences.map((e) => ({ uid: e.uid, name: e.name, type: e.__type, status: e.status, shortUid: e.shortUid, tags: e.tags })),
  };
}

interface Variant {
  name?: string;
  shortUid?: string | number;
  audiences?: string[];
  audienceCombinationType?: string;
  trafficDistribution?: number;
  __type?: string;
}
interface Metric {
  __type?: string;
  event?: string;
  name?: string;
}

export async function experienceView(ctx: SessionContext, projectUid: string, experienceUid: string) {
  const [experiences, versions, audiences, events] = await Promise.all([
    cachedExperiences(ctx.reads, projectUid),
    cachedVersions(ctx.reads, projectUid, experienceUid) as Promise<Array<Item & { variants?: Variant[]; metrics?: Metric[] }>>,
    cachedAudiences(ctx.reads, projectUid),
    cachedEvents(ctx.reads, projectUid),
  ]);
  const e = experiences.find((x) => x.uid === experienceUid);
  if (!e) return undefined;
  const audienceName = new Map(audiences.map((a) => [a.uid, a.name]));
  const eventKey = new Map(events.map((ev) => [ev.uid, ev.key]));
  return {
    uid: e.uid,
    name: e.name,
    type: e.__type,
    status: e.status,
    shortUid: e.shortUid,
    description: e.description,
    tags: e.tags,
    versions: versions.map((v) => ({
      uid: v.uid,
      status: v.status,
      createdAt: v.createdAt,
      variants: (v.variants ?? []).map((variant) => ({
        name: variant.name,
        shortUid: variant.shortUid,
        alias: variant.shortUid !== undefined && e.shortUid !== undefined ? `cs_personalize_${String(e.shortUid)}_${String(variant.shortUid)}` : undefined,
        ...(variant.audiences
          ? { audiences: variant.audiences.map((uid) => ({ uid, name: audienceName.get(uid) ?? '(deleted audience)' })), audienceCombinationType: variant.audienceCombinationType }
          : {}),
        ...(variant.trafficDistribution !== undefined ? { trafficDistribution: variant.trafficDistribution } : {}),
      })),
      ...(v.metrics?.length ? { metrics: v.metrics.map((m) => ({ type: m.__type, name: m.name, event: m.event, eventKey: m.event ? eventKey.get(m.event) : undefined })) } : {}),
    })),
  };
}
