import { isObject, type Json } from './shape.js';

/**
 * BEFORE_TIME / AFTER_TIME / BETWEEN_TIME options are not established (management reference §15.3).
 * The server's choice, documented in the README: `before`/`after` send
 * `{ "__type": "DateTimeMatchOptions", "value": "<date, date-time or HH:MM>" }` and `between` sends
 * `{ "__type": "DateTimeRangeMatchOptions", "start": "…", "end": "…" }`, which the evaluator reads.
 * Only these exact shapes render back as before/after/between; whatever else the API returns for a
 * date/time rule renders as raw and is sent back unchanged.
 */
export const POINT_OPTIONS = 'DateTimeMatchOptions';
export const RANGE_OPTIONS = 'DateTimeRangeMatchOptions';

const TIME_OF_DAY = /^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

export type TimeKind = 'time of day' | 'date';

/** A value before/after/between accepts: an ISO date or date-time, or a time of day "HH:MM". */
export function timeKind(v: string): TimeKind | undefined {
  if (TIME_OF_DAY.test(v)) return 'time of day';
  return /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)) ? 'date' : undefined;
}

export function pointOptions(value: string): Json {
  return { __type: POINT_OPTIONS, value };
}

export function rangeOptions(start: string, end: string): Json {
  return { __type: RANGE_OPTIONS, start, end };
}

/** The values of options in exactly the shapes above, else undefined. */
export function readPoint(o: unknown): string | undefined {
  return isObject(o) && o.__type === POINT_OPTIONS && typeof o.value === 'string' && Object.keys(o).length === 2 ? o.value : undefined;
}

export function readRange(o: unknown): [string, string] | undefined {
  return isObject(o) && o.__type === RANGE_OPTIONS && typeof o.start === 'string' && typeof o.end === 'string' && Object.keys(o).length === 3 ? [o.start, o.end] : undefined;
}
