/** A planned misbehaviour for the next matching requests. */
export interface Fault {
  method?: string;
  path?: string | RegExp;
  times?: number;
  /**
   * echo: answers with the request's credential in the body (an error, or a list item's key and note when status < 300);
   * oversize: a 200 whose JSON body is `bytes` long (default 9 MB), past what the server reads.
   */
  kind: 'status' | 'drop' | 'malformed' | 'delay' | 'echo' | 'oversize';
  status?: number;
  bytes?: number;
  retryAfter?: string;
  delayMs?: number;
}

/** A JSON body of about `bytes` bytes. */
export const oversizeBody = (f: Fault) => ({ padding: 'x'.repeat(f.bytes ?? 9 * 1024 * 1024) });

/** Faults tests plan for the Management or the Edge listener; each is used `times` times (default once). */
export class Faults {
  private planned: Fault[] = [];

  add(f: Fault): void {
    this.planned.push({ ...f });
  }

  clear(): void {
    this.planned = [];
  }

  take(method: string, path: string): Fault | undefined {
    const f = this.planned.find(
      (x) => (!x.method || x.method === method) && (!x.path || (typeof x.path === 'string' ? path === x.path || path.startsWith(`${x.path}/`) : x.path.test(path))),
    );
    if (f) {
      f.times = (f.times ?? 1) - 1;
      if (f.times <= 0) this.planned = this.planned.filter((x) => x !== f);
    }
    return f;
  }
}
