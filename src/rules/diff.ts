import type { Attributes } from './attributes.js';
import { canonical, plainGroup } from './canonical.js';
import { render, renderMember } from './render.js';
import { isGroup, isRule, sameJson, type Group, type Json } from './shape.js';

export type Change = {
  change: 'added' | 'removed' | 'changed' | 'combination';
  /** "top level", or the group it happened in, by its text (preview_audience_change adds "name" and "description"). */
  where: string;
  before?: string;
  after?: string;
};

export interface Diff {
  changed: boolean;
  changes: Change[];
  /** One line per change: "- removed", "+ added", "~ before → after". */
  text: string;
}

const MATCH = { AND: 'all of (and)', OR: 'any of (or)' } as const;

/**
 * A structural diff of two definitions, compared in canonical form: members of each group are aligned
 * by their text (longest common subsequence); what is left over pairs up as changes where both sides
 * are groups (compared inside) or rules on the same attribute, else shows as removed and added.
 */
export function diff(before: unknown, after: unknown, attributes: Attributes): Diff {
  const a = canonical(before);
  const b = canonical(after);
  const changes: Change[] = [];
  if (!a || !b) {
    if (!sameJson(before, after)) changes.push({ change: 'changed', where: 'top level', before: JSON.stringify(before), after: JSON.stringify(after) });
  } else if (!sameJson(a, b)) {
    const [ta, tb] = [renderMember(a, attributes), renderMember(b, attributes)];
    // A definition that is one condition written as a group (x >= 5, x != "a") changes as a whole.
    if (ta.startsWith('(') && tb.startsWith('(')) compareGroups(a, b, 'top level', attributes, changes);
    else changes.push({ change: 'changed', where: 'top level', before: render(a, attributes).text, after: render(b, attributes).text });
  }
  const text = changes
    .map((c) => {
      const at = c.where === 'top level' ? '' : ` (in ${c.where})`;
      if (c.change === 'added') return `+ ${c.after}${at}`;
      if (c.change === 'removed') return `- ${c.before}${at}`;
      return `~ ${c.change === 'combination' ? 'match ' : ''}${c.before} → ${c.after}${at}`;
    })
    .join('\n');
  return { changed: changes.length > 0, changes, text };
}

function compareGroups(a: Group, b: Group, where: string, attributes: Attributes, out: Change[]): void {
  if (a.combinationType !== b.combinationType) out.push({ change: 'combination', where, before: MATCH[a.combinationType], after: MATCH[b.combinationType] });
  const ta = a.rules.map((m) => renderMember(m, attributes));
  const tb = b.rules.map((m) => renderMember(m, attributes));
  const pairs = lcs(ta, tb);
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [ta.length, tb.length] as [number, number]]) {
    const removed = a.rules.slice(i, pi).map((m, k) => ({ m, t: ta[i + k]! }));
    const added = b.rules.slice(j, pj).map((m, k) => ({ m, t: tb[j + k]! }));
    while (removed.length && added.length) {
      const x = removed.shift()!;
      const y = added.shift()!;
      // Groups written as one condition (x >= 5, x != "a", x in (…)) change as a whole; others are compared inside.
      if (isGroup(x.m) && isGroup(y.m) && plainGroup(x.m) && plainGroup(y.m) && x.t.startsWith('(') && y.t.startsWith('(')) compareGroups(x.m, y.m, short(x.t), attributes, out);
      else if (sameAttribute(x.m, y.m)) out.push({ change: 'changed', where, before: x.t, after: y.t });
      else {
        out.push({ change: 'removed', where, before: x.t });
        out.push({ change: 'added', where, after: y.t });
      }
    }
    for (const x of removed) out.push({ change: 'removed', where, before: x.t });
    for (const y of added) out.push({ change: 'added', where, after: y.t });
    i = pi + 1;
    j = pj + 1;
  }
}

/** The attribute a member tests: a rule's, or the one all rules of an in (…) group share. */
function attributeOf(m: Json): unknown {
  if (isGroup(m)) {
    const first = m.rules[0];
    return first && m.rules.every((r) => isRule(r) && sameJson(r.attribute, first.attribute)) ? first.attribute : undefined;
  }
  return isRule(m) ? m.attribute : undefined;
}

function sameAttribute(x: Json, y: Json): boolean {
  const ax = attributeOf(x);
  return ax !== undefined && sameJson(ax, attributeOf(y));
}

const short = (t: string) => (t.length > 60 ? `${t.slice(0, 57)}…` : t);

/** Index pairs of a longest common subsequence of two string lists. */
function lcs(a: string[], b: string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) len[i]![j] = a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push([i, j]);
      i++;
      j++;
    } else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return out;
}
