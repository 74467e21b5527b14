import { createAttribute } from './create-attribute.js';
import { deleteAttribute } from './delete-attribute.js';
import { listAttributes } from './list-attributes.js';
import { updateAttribute } from './update-attribute.js';

export const attributeTools = [listAttributes, createAttribute, updateAttribute, deleteAttribute];
