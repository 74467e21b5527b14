import type { Attributes } from './attributes.js';
import { canonical, plainGroup } from './canonical.js';
import { placeLabel } from '../geo/index.js';
import { ambiguousInverted, formOf, type Form } from './patterns.js';
import { countryName, OS_LABELS } from './presets.js';
import { isObject } from '../bounds/json.js';
import { isGroup, isRule, sameJson, type Group, type Json } from './shape.js';

/**
 * Definition → one English sentence, e.g. "Visitors in Canada who use a mobile or tablet device, or who
 * have at least 500 loyalty points". For people to check an edit; the rule text stays the exact form.
 */
export function english(definition: unknown, attributes: Attributes): string {
  const g = canonical(definition);
  if (!g) return 'Visitors matching a definition the server cannot read';
  if (!plainGroup(g)) return 'Visitors matching a definition shown as raw JSON';
  if (g.rules.length === 0) return g.combinationType === 'AND' ? 'All visitors' : 'No visitors';
  const e = new English(attributes);
  // A top-level in (…), x >= n, x != v, not (x = v), … is one statement, not a list of them.
  const pieces = g.rules.length > 1 && (e.inValues(g) || formOf(g)) ? [e.piece(g)] : e.members(g, true);
  // "Visitors who are in Canada …" reads better as "Visitors in Canada …".
  const first = pieces[0]!;
  if (first.location && (g.combinationType === 'AND' || first.group)) {
    const rest = join(
      pieces.slice(1),
      g.combinationType,
      pieces.some((p) => p.group),
    );
    return `Visitors ${first.location}${rest ? (g.combinationType === 'AND' ? ` ${rest}` : `, or ${rest}`) : ''}`;
  }
  return `Visitors ${join(
    pieces,
    g.combinationType,
    pieces.some((p) => p.group),
  )}`;
}

interface Piece {
  /** "who" (merged away after another "who"), "whose", or none. */
  lead: 'who' | 'whose' | '';
  body: string;
  /** "in Canada": can be lifted to "Visitors in Canada". */
  location?: string;
  group?: boolean;
}

function join(pieces: Piece[], op: 'AND' | 'OR', grouped: boolean): string {
  const sep = op === 'AND' ? ' and ' : grouped ? ', or ' : ' or ';
  let prev: Piece['lead'] | undefined;
  return pieces
    .map((p) => {
      const keepLead = p.lead !== '' && !(p.lead === 'who' && prev === 'who' && !grouped);
      prev = p.lead;
      return keepLead ? `${p.lead} ${p.body}` : p.body;
    })
    .join(sep);
}

const list = (items: string[], word: 'or' | 'and' | 'nor') => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`);
const quoted = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));
const article = (name: string) => (/^(United |Netherlands|Philippines|Bahamas|Gambia|Maldives)|Republic|Islands/.test(name) ? `the ${name}` : name);

class English {
  constructor(private readonly attributes: Attributes) {}

  members(g: Group, top = false): Piece[] {
    const pieces = g.rules.map((m) => this.piece(m));
    // Lift a location from the first member of the first AND group at the top ("Visitors in Canada who …").
    if (top && g.combinationType === 'OR' && isGroup(g.rules[0]) && pieces[0]?.group) {
      const inner = this.members(g.rules[0] as Group);
      if (inner[0]?.location && (g.rules[0] as Group).combinationType === 'AND') {
        pieces[0] = { lead: '', body: `${inner[0].location}${inner.length > 1 ? ` ${join(inner.slice(1), 'AND', false)}` : ''}`, group: true };
        pieces[0].location = pieces[0].body;
      }
    }
    return pieces;
  }

  piece(m: Json): Piece {
    if (isGroup(m) && plainGroup(m) && m.rules.length > 0) {
      const f = formOf(m);
      if (f) return this.form(f);
      const values = this.inValues(m);
      if (values) return this.leaf(m.rules[0]!, values);
      const inner = this.members(m);
      const text = join(
        inner,
        m.combinationType,
        inner.some((p) => p.group),
      );
      if (m.combinationType === 'OR') {
        const first = inner[0]!;
        const lead = first.lead === 'who' ? 'who' : '';
        return { lead, body: `either ${lead ? text.replace(/^who /, '') : text}`, group: true };
      }
      return { lead: '', body: text, group: true };
    }
    if (isRule(m)) {
      const p = this.leaf(m, undefined);
      // A bare inverted value rule (as the API or UI may hold it): its meaning on an absent value is not established.
      return ambiguousInverted(m) ? { ...p, body: `${p.body} (whether visitors without a ${this.noun(m.attribute)} match depends on Personalize)` } : p;
    }
    return { lead: 'who', body: 'match a rule shown as raw JSON' };
  }

  /** The values of an "in" group, when it is one. */
  inValues(g: Group): unknown[] | undefined {
    const first = g.rules[0]!;
    const ok =
      g.combinationType === 'OR' &&
      g.rules.length > 1 &&
      g.rules.every(
        (r) =>
          isRule(r) &&
          sameJson(r.attribute, first.attribute) &&
          r.invertCondition === false &&
          r.attributeMatchCondition === first.attributeMatchCondition &&
          (r.attributeMatchCondition === 'STRING_EQUALS' || r.attributeMatchCondition === 'NUMBER_EQUAL_TO') &&
          isObject(r.attributeMatchOptions),
      );
    return ok ? g.rules.map((r) => (r.attributeMatchOptions as Json).value) : undefined;
  }

  /** A compiled form (patterns.ts) as one statement: comparisons exclude visitors without a value; not (…) includes them. */
  form(f: Form): Piece {
    const like = (condition: string, value: unknown, invertCondition: boolean): Json => ({
      attribute: f.attribute,
      attributeMatchCondition: condition,
      attributeMatchOptions: { value },
      invertCondition,
    });
    if ('value' in f) return this.leaf(like(f.kind === 'at least' ? 'AT_LEAST' : 'AT_MOST', f.value, false), undefined);
    const many = f.values.length > 1 ? f.values : undefined;
    const negated = this.leaf(like(f.condition, f.values[0], true), many, f.kind === 'set and not');
    if (f.kind === 'set and not') return negated;
    return { lead: negated.lead, body: `${negated.body} or who have no ${this.noun(f.attribute)}` };
  }

  noun(attribute: unknown): string {
    const label = this.attributes.labelFor(isObject(attribute) ? attribute : {});
    return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
  }

  /** One rule in words; `known`: the visitor has a value (the is-set guard of x != v and kin). */
  private leaf(r: Json, many: unknown[] | undefined, known = false): Piece {
    const attr = isObject(r.attribute) ? r.attribute : {};
    const ref = String(attr.ref ?? '');
    const condition = String(r.attributeMatchCondition);
    const inv = r.invertCondition === true;
    const o = isObject(r.attributeMatchOptions) ? r.attributeMatchOptions : {};
    const values = many ?? [o.value];
    const label = this.attributes.labelFor(attr);
    const noun = this.noun(attr);
    const equals = condition === 'STRING_EQUALS' || condition === 'NUMBER_EQUAL_TO';
    if (attr.__type === 'LyticsAttributeReference')
      return { lead: 'who', body: `${inv ? 'are not' : 'are'} in the Lytics ${ref === 'LYTICS_FLOW_STATE' ? 'flow state' : 'audience'} ${quoted(o.value ?? o.flowState ?? '')}` };
    if (attr.__type === 'PresetAttributeReference' && equals) {
      const not = inv ? 'not ' : '';
      const other = (what: string, names: string[]) => `${what} other than ${list(names, 'and')}`;
      switch (ref) {
        case 'COUNTRY': {
          const names = values.map((v) => article(countryName(String(v)) ?? String(v)));
          if (known) return { lead: 'who', body: `are in ${other('a known country', names)}` };
          return { lead: 'who', body: `are ${not}in ${list(names, 'or')}`, ...(inv ? {} : { location: `in ${list(names, 'or')}` }) };
        }
        case 'REGION':
        case 'CITY': {
          // "California", "San Francisco" for listed values (src/geo); "the region XX-YY" for others.
          const names = values.map((v) => {
            const name = placeLabel(ref, String(v));
            return name === String(v) && ref === 'REGION' ? `the region ${name}` : name;
          });
          if (known) return { lead: 'who', body: `are in ${other(`a known ${ref === 'CITY' ? 'city' : 'region'}`, names)}` };
          return { lead: 'who', body: `are ${not}in ${list(names, 'or')}`, ...(inv ? {} : { location: `in ${list(names, 'or')}` }) };
        }
        case 'DEVICE_TYPE': {
          const names = values.map((v) => String(v).toLowerCase());
          if (known) return { lead: 'who', body: `use ${other('a known device type', names)}` };
          return { lead: 'who', body: `${inv ? 'do not use' : 'use'} a ${list(names, 'or')} device` };
        }
        case 'OPERATING_SYSTEM': {
          const names = values.map((v) => OS_LABELS[String(v)] ?? String(v));
          if (known) return { lead: 'who', body: `use ${other('a known operating system', names)}` };
          return { lead: 'who', body: `${inv ? 'do not use' : 'use'} ${list(names, 'or')}` };
        }
        case 'REFERRER':
          if (known) return { lead: 'who', body: `came from ${other('a referrer', values.map(quoted))}` };
          return { lead: 'who', body: `${inv ? 'did not come' : 'came'} from ${list(values.map(quoted), 'or')}` };
      }
    }
    const numberWord: Record<string, [string, string]> = {
      NUMBER_GREATER_THAN: ['more than', 'at most'],
      NUMBER_LESS_THAN: ['less than', 'at least'],
      NUMBER_EQUAL_TO: ['exactly', 'not exactly'],
      AT_LEAST: ['at least', 'less than'],
      AT_MOST: ['at most', 'more than'],
    };
    const plural = / [a-z]+s$|^[a-z]+s$/i.test(label) && (condition.startsWith('NUMBER_') || condition.startsWith('AT_'));
    const set = known ? 'is set and ' : '';
    switch (condition) {
      case 'NUMBER_GREATER_THAN':
      case 'NUMBER_LESS_THAN':
      case 'NUMBER_EQUAL_TO':
      case 'AT_LEAST':
      case 'AT_MOST': {
        const [yes, no] = numberWord[condition]!;
        const amount = `${inv ? no : yes} ${list(values.map(quoted), inv ? 'nor' : 'or')}`;
        if (known && plural) return { lead: 'who', body: `have ${noun}, but ${amount}` };
        return plural ? { lead: 'who', body: `have ${amount} ${noun}` } : { lead: 'whose', body: `${noun} ${set}is ${amount}` };
      }
      case 'STRING_EQUALS':
        if (values.length > 1) return { lead: 'whose', body: `${noun} ${set}is ${inv ? `neither ${list(values.map(quoted), 'nor')}` : list(values.map(quoted), 'or')}` };
        return { lead: 'whose', body: `${noun} ${set}is ${inv ? 'not ' : ''}${quoted(values[0])}` };
      case 'CONTAINS_SUBSTRING':
        return { lead: 'whose', body: `${noun} ${set}${inv ? 'does not contain' : 'contains'} ${quoted(o.value)}` };
      case 'HAS_ANY_VALUE':
        return inv ? { lead: 'who', body: `have no ${noun}` } : { lead: 'whose', body: `${noun} is set` };
      case 'IS_TRUE':
      case 'IS_FALSE':
        return { lead: 'whose', body: `${noun} ${set}is ${inv ? 'not ' : ''}${condition === 'IS_TRUE' ? 'true' : 'false'}` };
    }
    return { lead: 'who', body: `${inv ? 'do not match' : 'match'} a rule shown as raw JSON (${condition} on ${label})` };
  }
}
