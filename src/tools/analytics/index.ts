import { getExperienceAnalytics } from './get-experience-analytics.js';
import { getExperienceTimeseries } from './get-experience-timeseries.js';

export const analyticsTools = [getExperienceAnalytics, getExperienceTimeseries];
