import { createEvent } from './create-event.js';
import { deleteEvent } from './delete-event.js';
import { listEvents } from './list-events.js';
import { updateEvent } from './update-event.js';

export const eventTools = [listEvents, createEvent, updateEvent, deleteEvent];
