import { z } from 'zod';
import { atMost, nonEmpty } from '../params.js';

export const connectedStackApiKey = z
  .string()
  .refine(...nonEmpty)
  .refine(...atMost(64))
  .describe('API key of the linked stack');
