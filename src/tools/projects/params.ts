import { z } from 'zod';

export const connectedStackApiKey = z.string().min(1).max(64).describe('API key of the stack linked to the project');
