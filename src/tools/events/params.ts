import { z } from 'zod';

export const key = z.string().trim().min(1).max(100).describe("Event key, as sent by the SDK's triggerEvent(key)");
