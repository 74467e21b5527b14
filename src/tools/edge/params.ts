import { isIP } from 'node:net';
import { z } from 'zod';

const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * Header-safe text: printable ASCII, as HTTP header values must be. A refinement rather than a regex so
 * the check stays out of tools/list (a pattern there costs every assistant tokens and tells it nothing).
 */
export const printable = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => PRINTABLE.test(s), 'printable ASCII only (it travels in an HTTP header)');

export const userUid = printable(256).describe('Visitor uid from get_manifest, or your own id such as a login id');

export const attributeValue = z.union([z.string().max(1024), z.number(), z.boolean()]);

export const httpUrl = (what: string) =>
  z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .refine((s) => PRINTABLE.test(s), 'encode non-ASCII characters (percent-encoding)')
    .describe(what);

export const ipAddress = z
  .string()
  .trim()
  .refine((s) => isIP(s) !== 0, 'must be an IPv4 or IPv6 address')
  .describe("Visitor IP for COUNTRY/REGION/CITY rules; without it the Edge sees this server's");
