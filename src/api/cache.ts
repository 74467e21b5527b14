/**
 * Short-lived cache of list reads (resources, names, dependency checks), per caller scope and
 * project. Any write to a project drops that project's entries, here and — through `onInvalidate`
 * listeners such as a Redis channel — on other replicas, so a session never reads its own write stale.
 */
export class ListCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly listeners: Array<(project: string) => void> = [];

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Project first, so one write drops the project's lists for every scope (user) that read them. */
  private key(scope: string, project: string, path: string): string {
    return `${project}\n${scope}\n${path}`;
  }

  /** The cached value, or `load()`'s; concurrent callers share one load, and a failed load is not kept. */
  get<T>(scope: string, project: string, path: string, load: () => Promise<T>): Promise<T> {
    const key = this.key(scope, project, path);
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { at: this.now(), value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Drops a project's entries (its lists changed); tells listeners unless the news came from them. */
  invalidate(project: string, notify = true): void {
    const prefix = `${project}\n`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
    if (notify) for (const l of this.listeners) l(project);
  }

  onInvalidate(listener: (project: string) => void): void {
    this.listeners.push(listener);
  }
}
