import { AsyncLocalStorage } from 'node:async_hooks';

/** One upstream request a tool call sent: its answer's status, or none when it got no answer. */
export interface Sent {
  method: string;
  path: string;
  status?: number;
}

export type StopReason = 'deadline' | 'cancelled' | 'answered';

/**
 * One tool call: a deadline and the client's cancel signal, shared by every upstream request the call
 * makes (Management and Edge, attempts and retries alike). Once either fires, no request starts.
 */
export class CallScope {
  readonly sent: Sent[] = [];
  private deadline: number;
  private answered = false;

  constructor(
    private readonly budgetMs: number,
    readonly signal?: AbortSignal,
  ) {
    this.deadline = Date.now() + budgetMs;
  }

  get budgetS(): number {
    return Math.round(this.budgetMs / 1000);
  }

  remainingMs(): number {
    return this.deadline - Date.now();
  }

  /** A human's confirmation is a fresh start: the time they took to answer is not the upstream's. */
  restart(): void {
    this.deadline = Date.now() + this.budgetMs;
  }

  /**
   * The call has answered: work it left behind (a parallel read whose sibling failed, a job still in the
   * limiter's queue) starts no request.
   */
  finish(): void {
    this.answered = true;
  }

  stopReason(): StopReason | undefined {
    if (this.answered) return 'answered';
    if (this.signal?.aborted) return 'cancelled';
    return this.remainingMs() <= 0 ? 'deadline' : undefined;
  }

  /** Throws when no request may start now; `next` is the request that would have. */
  assertMayStart(method: string, path: string): void {
    const reason = this.stopReason();
    if (reason) throw new CallStoppedError(reason, this, { method, path, sent: false });
  }

  /** Resolves after `ms`, or rejects as soon as the call is stopped (the wait then serves no one). */
  async wait(ms: number, method: string, path: string): Promise<void> {
    await this.race(new Promise<void>((r) => setTimeout(r, ms).unref()), method, path);
  }

  /** `work`'s outcome, unless the deadline or a cancel comes first. */
  race<T>(work: Promise<T>, method: string, path: string): Promise<T> {
    this.assertMayStart(method, path);
    return new Promise<T>((resolve, reject) => {
      const stop = () => {
        cleanup();
        reject(new CallStoppedError(this.stopReason() ?? 'deadline', this, { method, path, sent: false }));
      };
      const timer = setTimeout(stop, Math.max(0, this.remainingMs()));
      this.signal?.addEventListener('abort', stop, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', stop);
      };
      work.then(
        (v) => {
          cleanup();
          resolve(v);
        },
        (e: unknown) => {
          cleanup();
          reject(e);
        },
      );
    });
  }

  /** An abort signal for one request: its own timeout, the call's deadline or the client's cancel. */
  requestSignal(timeoutMs: number): AbortSignal {
    const own = AbortSignal.timeout(Math.max(1, Math.min(timeoutMs, this.remainingMs())));
    return this.signal ? AbortSignal.any([own, this.signal]) : own;
  }
}

const storage = new AsyncLocalStorage<CallScope>();

/** The tool call this code runs for, if any (resource reads and completions have none). */
export const currentCall = (): CallScope | undefined => storage.getStore();

export function withinCall<T>(scope: CallScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

/** What a stopped call says: why, what it did not send, and what it had sent (a write may have taken effect). */
export class CallStoppedError extends Error {
  override name = 'CallStoppedError';
  /** The request named in the message was out, waiting for its answer. */
  readonly inFlight: boolean;
  constructor(
    readonly reason: StopReason,
    scope: CallScope,
    at: { method: string; path: string; sent: boolean },
  ) {
    super(describeStop(reason, scope, at));
    this.inFlight = at.sent;
  }
}

const route = (s: { method: string; path: string }) => `${s.method} ${s.path.split('?')[0]}`;

function describeStop(reason: StopReason, scope: CallScope, at: { method: string; path: string; sent: boolean }): string {
  const why =
    reason === 'cancelled'
      ? 'The client cancelled the call'
      : reason === 'answered'
        ? 'The call had already answered'
        : `The call's deadline (${scope.budgetS} s, PERSONALIZE_CALL_DEADLINE_S) passed`;
  const writes = scope.sent.filter((s) => s.method !== 'GET');
  const answered = writes.filter((s) => s.status !== undefined);
  const unanswered = writes.filter((s) => s.status === undefined);
  const parts = [at.sent ? `${why} while ${route(at)} was waiting for an answer.` : `${why}; ${route(at)} was not sent.`];
  if (answered.length) parts.push(`Sent and answered before that: ${answered.map((s) => `${route(s)} (HTTP ${s.status})`).join(', ')}.`);
  if (unanswered.length) {
    parts.push(
      `Sent without an answer: ${unanswered.map(route).join(', ')}; ${unanswered.length > 1 ? 'they' : 'it'} may or may not have taken effect, so read the current state before trying again.`,
    );
  }
  if (!writes.length) parts.push('Nothing that changes data was sent to Personalize.');
  return parts.join(' ');
}
