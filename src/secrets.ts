import { isObject } from './bounds/json.js';

/** `scheme://user:password@host` → `scheme://[redacted]@host`, wherever it appears in text. */
export function withoutUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi, '$1[redacted]@');
}

/**
 * The secrets this process knows (its credentials, the confirmation key, each session's credentials):
 * replaced by [redacted] wherever they appear — log lines, error messages, tool results, even when the
 * API echoes one back. Values shorter than 8 characters are not secrets worth the false matches.
 */
export class Secrets {
  private readonly known = new Set<string>();

  constructor(private readonly max = 10_000) {}

  add(...values: Array<string | undefined>): void {
    for (const v of values) {
      if (v === undefined || v.length < 8 || this.known.has(v)) continue;
      // Oldest first out: the set stays bounded however many sessions a hosted server has seen.
      if (this.known.size >= this.max) this.known.delete(this.known.values().next().value!);
      this.known.add(v);
    }
  }

  /** True when the text holds a known secret or URL userinfo. */
  appearsIn(text: string): boolean {
    if (withoutUserinfo(text) !== text) return true;
    for (const s of this.known) if (text.includes(s)) return true;
    return false;
  }

  redact(text: string): string {
    let out = withoutUserinfo(text);
    for (const s of this.known) if (out.includes(s)) out = out.split(s).join('[redacted]');
    return out;
  }

  /** A copy of a JSON value with every string in it redacted (keys included), built iteratively: values can be deep. */
  redactDeep<T>(value: T): T {
    const copy = (v: unknown): unknown => (Array.isArray(v) ? [] : isObject(v) ? {} : typeof v === 'string' ? this.redact(v) : v);
    const root = copy(value);
    const work: Array<[unknown, unknown]> = root !== value ? [[value, root]] : [];
    while (work.length) {
      const [source, target] = work.pop()!;
      if (Array.isArray(source)) {
        source.forEach((v, i) => {
          const c = copy(v);
          (target as unknown[])[i] = c;
          if (typeof v === 'object' && v !== null) work.push([v, c]);
        });
      } else {
        for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
          const c = copy(v);
          (target as Record<string, unknown>)[this.redact(k)] = c;
          if (typeof v === 'object' && v !== null) work.push([v, c]);
        }
      }
    }
    return root as T;
  }
}
