import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRetryAfter } from '../../src/api/http.js';

describe('parseRetryAfter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads seconds', () => {
    expect(parseRetryAfter('1')).toBe(1);
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('1.5')).toBe(1.5);
  });

  it('reads an HTTP date as the seconds until then, never negative', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-06-01T12:00:00Z'));
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT')).toBe(30);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:59:00 GMT')).toBe(0);
  });

  it('gives undefined for nothing or nonsense', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
