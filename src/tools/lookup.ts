import { ToolInputError } from '../api/errors.js';
import type { Item } from '../api/reads.js';

/** Finds an item by uid in a list the tool read, or says which list tool shows the valid uids. */
export function findByUid<T extends { uid: string }>(items: T[], uid: string, what: string, listTool: string, project?: string): T {
  const item = items.find((i) => i.uid === uid);
  if (!item) throw new ToolInputError(`No ${what} with uid ${uid}${project ? ` in project ${project}` : ''}: ${listTool} shows the valid uids.`);
  return item;
}

/** Keeps only the given keys that are defined: strict in what we send. */
export function pick(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** "'Name' (uid)" for messages. */
export function label(item: Pick<Item, 'uid'> & { name?: unknown; key?: unknown }): string {
  const n = typeof item.name === 'string' ? item.name : typeof item.key === 'string' ? item.key : undefined;
  return n ? `'${n}' (${item.uid})` : item.uid;
}
