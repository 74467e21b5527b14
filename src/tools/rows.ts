import { isObject } from '../bounds/json.js';

/**
 * List tools answer compact rows — who each item is and its state — sized for a context window;
 * the details come from the get_* tools and the resources (issue 12). A field the API did not send is
 * left out, so a row is never longer than the item it stands for.
 */
export function rowOf(item: unknown, fields: readonly string[]): Record<string, unknown> & { uid: string } {
  const o = isObject(item) ? item : {};
  const row: Record<string, unknown> = {};
  for (const f of ['uid', ...fields]) if (o[f] !== undefined && o[f] !== null && o[f] !== '') row[f] = o[f];
  return row as Record<string, unknown> & { uid: string };
}

export const rowsOf = (items: readonly unknown[], fields: readonly string[]) => items.map((i) => rowOf(i, fields));

/** One line for a row: its name (else key, else uid), then its uid and other fields. */
export function rowLine(row: Record<string, unknown>): string {
  const { uid, name, ...rest } = row;
  const label = typeof name === 'string' ? name : typeof rest.key === 'string' ? rest.key : String(uid);
  if (typeof name !== 'string') delete rest.key;
  const extra = Object.entries(rest).map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `- ${label} (${[`uid ${String(uid)}`, ...extra].join(', ')})`;
}
