/** A response the sandbox answers with instead of the handler's result. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests' };

/**
 * Business errors carry a `personalize.*` code (docs/api.md §13); the envelope mirrors NestJS defaults
 * ({ statusCode, error, message }) with the code in `error`, as the Edge API does.
 */
export function apiError(status: number, code: string, message: string): SandboxError {
  return new SandboxError(status, { statusCode: status, error: code, message });
}

/** class-validator style: message is an array of field messages. */
export function validationError(messages: string[]): SandboxError {
  return new SandboxError(400, { statusCode: 400, error: 'Bad Request', message: messages });
}

export function plainError(status: number, message: string): SandboxError {
  return new SandboxError(status, { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message });
}
