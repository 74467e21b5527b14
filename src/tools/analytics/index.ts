import { getExperienceAnalytics } from './get-experience-analytics.js';
import { getExperienceTimeseries } from './get-experience-timeseries.js';
import { getExperimentResults } from './get-experiment-results.js';

export const analyticsTools = [getExperienceAnalytics, getExperienceTimeseries, getExperimentResults];
