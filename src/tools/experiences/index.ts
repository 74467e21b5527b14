import { activateExperience } from './activate-experience.js';
import { createExperienceVersion } from './create-experience-version.js';
import { createExperience } from './create-experience.js';
import { deleteExperienceVersion } from './delete-experience-version.js';
import { deleteExperience } from './delete-experience.js';
import { getExperiencePriority } from './get-experience-priority.js';
import { getExperience } from './get-experience.js';
import { listExperienceVersions } from './list-experience-versions.js';
import { listExperiences } from './list-experiences.js';
import { pauseExperience } from './pause-experience.js';
import { setExperiencePriority } from './set-experience-priority.js';
import { updateExperienceVersion } from './update-experience-version.js';
import { updateExperience } from './update-experience.js';

export const experienceTools = [
  listExperiences,
  getExperience,
  createExperience,
  updateExperience,
  deleteExperience,
  listExperienceVersions,
  createExperienceVersion,
  updateExperienceVersion,
  deleteExperienceVersion,
  activateExperience,
  pauseExperience,
  getExperiencePriority,
  setExperiencePriority,
];
