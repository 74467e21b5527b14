import type { PersonalizeClient } from './client.js';

// Analytics response fields are not established (docs/api.md §10): passed through as the API returns them.

export const analyticsSummary = (api: PersonalizeClient, project: string, experienceUid: string, version: string) =>
  api.get<unknown>(`/experiences/${experienceUid}/analytics/summary`, { project, query: { version } });

export const analyticsTimeSeries = (api: PersonalizeClient, project: string, experienceUid: string, version: string) =>
  api.get<unknown>(`/experiences/${experienceUid}/analytics/time-series`, { project, query: { version } });
