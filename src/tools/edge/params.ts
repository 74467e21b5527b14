import { isIP } from 'node:net';
import { z } from 'zod';

/** Header-safe text: printable ASCII, as HTTP header values must be. */
const printable = (max: number) => z.string().trim().min(1).max(max).regex(/^[\x20-\x7e]+$/, 'printable ASCII only (it travels in an HTTP header)');

export const userUid = printable(256).describe('Visitor uid: the one get_manifest returned (a UUID), or your own id for the visitor such as a login id');

export const attributeValue = z.union([z.string().max(1024), z.number(), z.boolean()]);

export const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/ }).max(2048).regex(/^[\x20-\x7e]+$/, 'encode non-ASCII characters (percent-encoding)').describe(what);

export const ipAddress = z.string().trim().refine((s) => isIP(s) !== 0, 'must be an IPv4 or IPv6 address').describe('Visitor IP for COUNTRY/REGION/CITY rules (sent as x-forwarded-for); without it the Edge sees this server\'s IP');
