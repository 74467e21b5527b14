import { isIP } from 'node:net';
import { z } from 'zod';
import { atMost, nonEmpty } from '../params.js';

const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * Header-safe text: printable ASCII, as HTTP header values must be. A refinement rather than a regex so
 * the check stays out of tools/list (a pattern there costs every assistant tokens and tells it nothing).
 */
export const printable = (max: number) =>
  z
    .string()
    .trim()
    .refine(...nonEmpty)
    .refine(...atMost(max))
    .refine((s) => PRINTABLE.test(s), 'printable ASCII only (it travels in an HTTP header)');

export const userUid = printable(256).describe('Visitor uid (get_manifest) or your own id');

export const attributeValue = z.union([z.string().max(1024), z.number(), z.boolean()]);

/**
 * Custom attribute key → value. tools/list shows a plain object (the description says what the values
 * may be); the pipe checks every key and value as strictly as before.
 */
export const attributeMap = (what: string) =>
  z
    .record(z.string(), z.unknown())
    .pipe(z.record(z.string().min(1).max(100), attributeValue))
    .describe(`${what}; values: string, number or boolean`);

export const httpUrl = (what: string) =>
  z
    .url({ protocol: /^https?$/ })
    .refine(...atMost(2048))
    .refine((s) => PRINTABLE.test(s), 'encode non-ASCII characters (percent-encoding)')
    .describe(what);

export const ipAddress = z
  .string()
  .trim()
  .refine((s) => isIP(s) !== 0, 'must be an IPv4 or IPv6 address')
  .describe('For location rules');
