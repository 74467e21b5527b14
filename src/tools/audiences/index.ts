import { createAudience } from './create-audience.js';
import { deleteAudience } from './delete-audience.js';
import { describeAudience } from './describe-audience.js';
import { evaluateAudience } from './evaluate-audience.js';
import { getAudience } from './get-audience.js';
import { listAudiences } from './list-audiences.js';
import { previewAudienceChange } from './preview-audience-change.js';
import { updateAudience } from './update-audience.js';

export const audienceTools = [listAudiences, getAudience, createAudience, updateAudience, deleteAudience, describeAudience, previewAudienceChange, evaluateAudience];
