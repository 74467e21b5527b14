import { createExperience, deleteExperience, getExperience, listExperiences, updateExperience } from './experiences.js';
import { activateExperience, pauseExperience } from './lifecycle.js';
import { getPriority, setPriority } from './priority.js';
import { createVersion, deleteVersion, listVersions, updateVersion } from './versions.js';

export const experienceTools = [
  listExperiences, getExperience, createExperience, updateExperience, deleteExperience,
  listVersions, createVersion, updateVersion, deleteVersion,
  activateExperience, pauseExperience, getPriority, setPriority,
];
