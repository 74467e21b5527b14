import { z } from 'zod';

export const key = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'a key is letters, digits, _ . -')
  .describe('Set on visitors by the Edge API and SDK');
