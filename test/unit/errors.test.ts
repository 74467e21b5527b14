import { describe, expect, it } from 'vitest';
import { parseErrorBody, PersonalizeApiError, ToolInputError, toToolMessage } from '../../src/api/errors.js';

describe('parseErrorBody', () => {
  it('reads an errors object (field → message or messages)', () => {
    const r = parseErrorBody({ errors: { name: 'is required', key: ['is too long', 'has spaces'] } });
    expect(r.message).toContain('name: is required');
    expect(r.message).toContain('key: is too long; has spaces');
  });

  it('reads an error code with a message', () => {
    const r = parseErrorBody({ statusCode: 422, error: 'personalize.EXPERIENCES.CANNOT_UPDATE_LOCKED_VERSION', message: 'Version is locked' });
    expect(r.code).toBe('personalize.EXPERIENCES.CANNOT_UPDATE_LOCKED_VERSION');
    expect(r.message).toBe('Version is locked');
    expect(parseErrorBody({ errorCode: 'PROJECT_NOT_FOUND', message: 'no such project' })).toEqual({ code: 'PROJECT_NOT_FOUND', message: 'no such project' });
  });

  it('does not take an HTTP reason phrase for a code', () => {
    const r = parseErrorBody({ statusCode: 404, error: 'Not Found', message: 'Audience not found' });
    expect(r.code).toBeUndefined();
    expect(r.message).toBe('Audience not found');
  });

  it('reads error_message', () => {
    expect(parseErrorBody({ error_message: 'Access denied', error_code: 105 }).message).toBe('Access denied');
  });

  it('joins a message array (validation errors)', () => {
    const r = parseErrorBody({ statusCode: 400, message: ['name must be a string', 'key should not be empty'], error: 'Bad Request' });
    expect(r.message).toBe('name must be a string; key should not be empty');
  });

  it('finds a code inside the message when there is no code field', () => {
    expect(parseErrorBody({ message: 'failed: personalize.AUDIENCES.RULE_COUNT_EXCEEDED' }).code).toBe('personalize.AUDIENCES.RULE_COUNT_EXCEEDED');
  });

  it('takes a plain string body as the message, trimmed and bounded', () => {
    expect(parseErrorBody('  Bad gateway  ')).toEqual({ message: 'Bad gateway' });
    expect(parseErrorBody('x'.repeat(1000)).message).toHaveLength(300);
    expect(parseErrorBody('   ')).toEqual({ message: undefined });
  });

  it('gives nothing for nothing', () => {
    expect(parseErrorBody(undefined)).toEqual({});
    expect(parseErrorBody(null)).toEqual({});
    expect(parseErrorBody(42)).toEqual({});
    expect(parseErrorBody({})).toEqual({ code: undefined, message: undefined });
  });
});

const http = (status: number, path: string, body: unknown = {}, method = 'GET', retryAfterS?: number) => {
  const { code, message } = parseErrorBody(body);
  return new PersonalizeApiError(method, path, status, code, message, 'http', retryAfterS);
};

describe('toToolMessage', () => {
  it('401 names both credential variables and refuses management tokens', () => {
    const m = toToolMessage(http(401, '/attributes', { message: 'Unauthorized' }));
    expect(m).toContain('HTTP 401');
    expect(m).toContain('CONTENTSTACK_OAUTH_TOKEN');
    expect(m).toContain('CONTENTSTACK_AUTHTOKEN');
    expect(m).toMatch(/management tokens are refused/);
  });

  it('404 names the uid that was not found', () => {
    const uid = '65a1b2c3d4e5f60718293a4b';
    const m = toToolMessage(http(404, `/experiences/${uid}/versions`));
    expect(m).toContain('HTTP 404');
    expect(m).toContain(`uid ${uid}`);
  });

  it('429 says how long to wait, in whole seconds of at least one', () => {
    expect(toToolMessage(http(429, '/events', {}, 'GET', 7))).toMatch(/wait 7 second/);
    expect(toToolMessage(http(429, '/events', {}, 'GET', 2.2))).toMatch(/wait 3 second/);
    expect(toToolMessage(http(429, '/events', {}, 'GET', 0))).toMatch(/wait 1 second/);
    expect(toToolMessage(http(429, '/events'))).toMatch(/wait 1 second/);
  });

  it('CANNOT_UPDATE_LOCKED_VERSION points to a new draft version', () => {
    const m = toToolMessage(http(422, '/experiences/abc/versions/def', { error: 'personalize.EXPERIENCES.CANNOT_UPDATE_LOCKED_VERSION', message: 'locked' }, 'PUT'));
    expect(m).toContain('CANNOT_UPDATE_LOCKED_VERSION');
    expect(m).toContain('create_experience_version');
  });

  it('includes the method, the path without its query, the status, the code and the API message', () => {
    const m = toToolMessage(http(400, '/audiences?x=1', { error: 'personalize.AUDIENCES.DUPLICATE_NAME', message: 'Name taken' }, 'POST'));
    expect(m).toContain('POST /audiences');
    expect(m).not.toContain('?x=1');
    expect(m).toContain('personalize.AUDIENCES.DUPLICATE_NAME: Name taken');
  });

  it('network, timeout and malformed failures each get a sentence with a next step', () => {
    const network = toToolMessage(new PersonalizeApiError('GET', '/events', undefined, undefined, 'ECONNREFUSED', 'network'));
    expect(network).toContain('ECONNREFUSED');
    expect(network).toContain('PERSONALIZE_API_URL');
    expect(toToolMessage(new PersonalizeApiError('GET', '/events', undefined, undefined, undefined, 'timeout'))).toMatch(/in time/);
    expect(toToolMessage(new PersonalizeApiError('GET', '/events', 200, undefined, undefined, 'malformed'))).toMatch(/not valid JSON/);
  });

  it('input errors pass through; other errors lose their stack; non-errors still get a sentence', () => {
    expect(toToolMessage(new ToolInputError('No project given.'))).toBe('No project given.');
    const e = new Error('first line\n    at secret (file.js:1:1)');
    const m = toToolMessage(e);
    expect(m).toContain('first line');
    expect(m).not.toContain('    at ');
    expect(toToolMessage('boom').length).toBeGreaterThan(10);
  });
});
