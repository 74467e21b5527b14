import type { Attributes } from './attributes.js';
import { canonical, plainGroup } from './canonical.js';
import { compile } from './compile.js';
import { ambiguousInverted, formOf, type Form } from './patterns.js';
import { presetByRef } from './presets.js';
import { isObject } from '../bounds/json.js';
import { isGroup, isRule, sameJson, type Group, type Json } from './shape.js';

export interface Rendered {
  /** Canonical rule text; compiling it gives the canonical definition back. */
  text: string;
  warnings: string[];
  /** How many elements are shown as raw JSON. */
  raw: number;
}

/**
 * Definition → canonical text. Each rule is written in the language only when compiling that text
 * gives the very same rule back; anything else (Lytics references, conditions whose shape is not
 * established (established.ts), an inverted value rule without its is-set guard, unknown keys or values
 * the compiler would normalise) is written `raw {…}`, so an edit never drops or changes what the language
 * does not understand.
 */
export function render(definition: unknown, attributes: Attributes): Rendered {
  const r = new Renderer(attributes);
  const g = canonical(definition);
  if (!g) {
    r.warnings.push('The definition is not a RuleCombination; it is shown as raw JSON.');
    return { text: r.rawText(isObject(definition) ? definition : { definition }), warnings: r.warnings, raw: 1 };
  }
  const text = plainGroup(g) && g.rules.length > 0 ? (r.form(g) ?? r.inList(g) ?? r.members(g)) : r.rawText(g);
  return { text, warnings: r.finish(), raw: r.rawCount };
}

/** The text of one member of a group, as it appears in the full rendering (for diffs). */
export function renderMember(member: Json, attributes: Attributes): string {
  return new Renderer(attributes).operand(member);
}

const quote = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

class Renderer {
  readonly warnings: string[] = [];
  rawCount = 0;
  private readonly rawConditions = new Set<string>();
  private ambiguous = 0;

  constructor(private readonly attributes: Attributes) {}

  finish(): string[] {
    if (this.rawCount) {
      const what = [...this.rawConditions].join(', ');
      this.warnings.push(
        `${this.rawCount} element${this.rawCount > 1 ? 's are' : ' is'} shown as raw JSON because the rule language cannot express ${this.rawCount > 1 ? 'them' : 'it'} faithfully${what ? ` (${what})` : ''}; keep ${this.rawCount > 1 ? 'them' : 'it'} as written to leave ${this.rawCount > 1 ? 'them' : 'it'} unchanged.`,
      );
    }
    if (this.ambiguous) {
      this.warnings.push(
        `${this.ambiguous} raw rule${this.ambiguous > 1 ? 's invert' : ' inverts'} a value condition without an is-set guard: whether visitors without a value match depends on Personalize (not established, docs/api.md §17). To make the meaning explicit, write x != "v" (excludes visitors without a value) or not (x = "v") (includes them).`,
      );
    }
    return [...new Set(this.warnings)];
  }

  rawText(v: Json): string {
    this.rawCount++;
    if (isRule(v)) this.rawConditions.add(String(v.attributeMatchCondition));
    if (isRule(v) && ambiguousInverted(v)) this.ambiguous++;
    return `raw ${JSON.stringify(v)}`;
  }

  members(g: Group): string {
    return g.rules.map((m) => this.operand(m)).join(g.combinationType === 'AND' ? ' and ' : ' or ');
  }

  operand(m: Json): string {
    if (isGroup(m)) {
      if (!plainGroup(m) || m.rules.length === 0) return this.rawText(m);
      return this.form(m) ?? this.inList(m) ?? `(${this.members(m)})`;
    }
    if (isRule(m)) return this.rule(m);
    return this.rawText(m);
  }

  /** x in (a, b) for an OR of x = a, x = b. */
  inList(g: Group): string | undefined {
    if (g.rules.length < 2 || g.combinationType !== 'OR') return undefined;
    const first = g.rules[0]!;
    const same = g.rules.every(
      (r) =>
        isRule(r) &&
        sameJson(r.attribute, first.attribute) &&
        r.invertCondition === false &&
        (r.attributeMatchCondition === 'STRING_EQUALS' || r.attributeMatchCondition === 'NUMBER_EQUAL_TO'),
    );
    if (!same) return undefined;
    const name = this.attributeText(first.attribute);
    const values = g.rules.map((r) => quote((r.attributeMatchOptions as Json | undefined)?.value));
    const text = `${name} in (${values.join(', ')})`;
    return this.compilesTo(text, g) ? text : undefined;
  }

  /** The short text of a group in one of the compiled forms (patterns.ts), if it compiles back to exactly the group. */
  form(g: Group): string | undefined {
    const f = formOf(g);
    const name = f && this.attributeText(f.attribute);
    if (!f || name === undefined) return undefined;
    const text = formText(f, name);
    return text !== undefined && this.compilesTo(text, g) ? text : undefined;
  }

  private rule(r: Json): string {
    return this.verified(r) ?? this.rawText(r);
  }

  /** The rule's text if compiling it gives exactly this rule back. */
  private verified(r: Json): string | undefined {
    const text = this.candidate(r);
    return text !== undefined && this.compilesTo(text, r) ? text : undefined;
  }

  private compilesTo(text: string, want: Json): boolean {
    try {
      const { definition } = compile(text, this.attributes, { strict: false });
      const got = isGroup(want) ? definition : definition.rules.length === 1 && definition.combinationType === 'AND' ? definition.rules[0] : undefined;
      return sameJson(got, want);
    } catch {
      return false;
    }
  }

  private attributeText(attribute: unknown): string | undefined {
    if (!isObject(attribute) || typeof attribute.ref !== 'string') return undefined;
    if (attribute.__type === 'PresetAttributeReference') return presetByRef(attribute.ref)?.name;
    if (attribute.__type !== 'CustomAttributeReference') return undefined;
    const { text, missing } = this.attributes.textFor(attribute.ref);
    if (missing)
      this.warnings.push(`A rule tests attribute uid ${attribute.ref}, which no longer exists in the project; it is shown as ${text}. Remove or replace that rule before saving.`);
    return text;
  }

  /**
   * Text for one rule, unverified; undefined when the language has no form for it. An inverted value
   * rule on its own has none: the language writes those only beside an is-set guard (patterns.ts).
   * Rules the compiler refuses (established.ts: date/time, JSON_MATCH, operating system values) fail
   * the check that the text compiles back, so they stay raw.
   */
  private candidate(r: Json): string | undefined {
    const name = this.attributeText(r.attribute);
    if (name === undefined || typeof r.invertCondition !== 'boolean') return undefined;
    if (r.attributeMatchCondition === 'HAS_ANY_VALUE') return `${name} is ${r.invertCondition ? 'not ' : ''}set`;
    const o = r.attributeMatchOptions;
    if (r.invertCondition) return undefined;
    const value = isObject(o) ? o.value : undefined;
    switch (r.attributeMatchCondition) {
      case 'STRING_EQUALS':
      case 'NUMBER_EQUAL_TO':
        return `${name} = ${quote(value)}`;
      case 'CONTAINS_SUBSTRING':
        return `${name} contains ${quote(value)}`;
      case 'NUMBER_GREATER_THAN':
        return `${name} > ${quote(value)}`;
      case 'NUMBER_LESS_THAN':
        return `${name} < ${quote(value)}`;
      case 'IS_TRUE':
        return `${name} is true`;
      case 'IS_FALSE':
        return `${name} is false`;
      default:
        return undefined;
    }
  }
}

const COMPARISON: Record<string, string> = { STRING_EQUALS: '=', NUMBER_EQUAL_TO: '=', CONTAINS_SUBSTRING: 'contains', NUMBER_GREATER_THAN: '>', NUMBER_LESS_THAN: '<' };

/** The comparison a compiled form negates, as text: x = "v", x in ("a", "b"), x is true, … */
function comparisonText(name: string, condition: string, values: unknown[]): string | undefined {
  if (condition === 'IS_TRUE' || condition === 'IS_FALSE') return `${name} is ${condition === 'IS_TRUE' ? 'true' : 'false'}`;
  if (values.length > 1) return `${name} in (${values.map(quote).join(', ')})`;
  return COMPARISON[condition] && `${name} ${COMPARISON[condition]} ${quote(values[0])}`;
}

const NEGATED: Record<string, string> = { '=': '!=', contains: 'not contains', in: 'not in', 'is true': 'is not true', 'is false': 'is not false' };

function formText(f: Form, name: string): string | undefined {
  if ('value' in f) return `${name} ${f.kind === 'at least' ? '>=' : '<='} ${quote(f.value)}`;
  const comparison = comparisonText(name, f.condition, f.values);
  if (comparison === undefined) return undefined;
  if (f.kind === 'unset or not') return `not (${comparison})`;
  // x != v, x not contains v, x not in (…), x is not true / false
  const rest = comparison.slice(name.length + 1);
  const op = Object.keys(NEGATED).find((o) => rest.startsWith(`${o} `) || rest === o);
  return op && `${name} ${NEGATED[op]}${rest.slice(op.length)}`;
}
