import { z } from 'zod';
import { atMost, nonEmpty } from '../params.js';

export const key = z
  .string()
  .trim()
  .refine(...nonEmpty)
  .refine(...atMost(100))
  .describe("As sent by the SDK's triggerEvent(key)");
