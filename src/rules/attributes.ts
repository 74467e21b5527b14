import type { AttributeName } from './ast.js';
import { PRESETS, presetByName, presetByRef, type Preset } from './presets.js';

/** A custom attribute as GET /attributes returns it (only these fields matter here). */
export interface CustomAttribute {
  uid: string;
  key?: string;
  name?: string;
}

export type Resolved = { kind: 'preset'; preset: Preset } | { kind: 'custom'; attribute: CustomAttribute; missing?: boolean };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'contains', 'before', 'after', 'between', 'set', 'true', 'false', 'raw', 'uid']);

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The names rule text may use: preset names, and the project's custom attributes by key (or by
 * name, quoted). Built from GET /attributes, tolerating presets and odd items in the list.
 */
export class Attributes {
  readonly customs: CustomAttribute[];

  constructor(list: ReadonlyArray<Record<string, unknown>> = []) {
    this.customs = list.filter((a) => a.__type !== 'PRESET' && typeof a.uid === 'string').map((a) => ({ uid: a.uid as string, key: str(a.key), name: str(a.name) }));
  }

  byUid(uid: string): CustomAttribute | undefined {
    return this.customs.find((a) => a.uid === uid);
  }

  resolve(name: AttributeName): Resolved | undefined {
    if (name.form === 'uid') {
      const attribute = this.byUid(name.text);
      return attribute ? { kind: 'custom', attribute } : { kind: 'custom', attribute: { uid: name.text }, missing: true };
    }
    const t = name.text;
    const lower = t.toLowerCase();
    const custom = (pick: (a: CustomAttribute) => boolean) => {
      const found = this.customs.filter(pick);
      return found.length === 1 ? found[0] : undefined;
    };
    if (name.form === 'word') {
      const preset = presetByName(t);
      if (preset) return { kind: 'preset', preset };
      const a = custom((x) => x.key === t) ?? custom((x) => x.key?.toLowerCase() === lower);
      return a ? { kind: 'custom', attribute: a } : undefined;
    }
    const a = custom((x) => x.name === t) ?? custom((x) => x.key === t) ?? custom((x) => x.name?.toLowerCase() === lower) ?? custom((x) => x.key?.toLowerCase() === lower);
    if (a) return { kind: 'custom', attribute: a };
    const preset = PRESETS.find((p) => p.label.toLowerCase() === lower) ?? presetByName(t);
    return preset ? { kind: 'preset', preset } : undefined;
  }

  /** Every name an assistant may write, for suggestions: preset names, custom keys, quoted custom names. */
  knownNames(): string[] {
    return [...PRESETS.map((p) => p.name), ...this.customs.flatMap((a) => [a.key, a.name && a.name !== a.key ? `"${a.name}"` : undefined].filter((x): x is string => !!x))];
  }

  /** How rule text names a custom attribute: its key when that reads back, else its quoted name or key, else uid("…"). */
  textFor(uid: string): { text: string; missing: boolean } {
    const a = this.byUid(uid);
    if (!a) return { text: `uid(${JSON.stringify(uid)})`, missing: true };
    const back = (text: string, form: AttributeName['form']) => {
      const r = this.resolve({ text, form, offset: 0 });
      return r?.kind === 'custom' && r.attribute.uid === uid;
    };
    if (a.key && IDENTIFIER.test(a.key) && !KEYWORDS.has(a.key.toLowerCase()) && back(a.key, 'word')) return { text: a.key, missing: false };
    for (const t of [a.name, a.key]) if (t && back(t, 'quoted')) return { text: JSON.stringify(t), missing: false };
    return { text: `uid(${JSON.stringify(uid)})`, missing: false };
  }

  /** A name for English sentences: the attribute's name, else its key, else its uid. */
  labelFor(ref: { __type?: unknown; ref?: unknown }): string {
    if (ref.__type === 'PresetAttributeReference') return presetByRef(String(ref.ref))?.label.toLowerCase() ?? String(ref.ref).toLowerCase();
    const a = this.byUid(String(ref.ref));
    return a?.name ?? a?.key ?? `attribute ${String(ref.ref)}`;
  }
}
