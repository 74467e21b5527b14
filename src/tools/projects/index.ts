import { createProject } from './create-project.js';
import { listProjects } from './list-projects.js';
import { updateProject } from './update-project.js';

export const projectTools = [listProjects, createProject, updateProject];
