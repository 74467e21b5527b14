import type { Condition, Node, Value } from './ast.js';
import type { Attributes, Resolved } from './attributes.js';
import { normaliseCity, normaliseRegion } from '../geo/index.js';
import { RuleError } from './errors.js';
import { MAX_DEPTH, MAX_RULES } from './limits.js';
import { parse } from './parser.js';
import { refusal } from './established.js';
import { countryNames, DEVICE_TYPES, normaliseCountry, normaliseDevice } from './presets.js';
import { anyOf, isNotSet, isSet, setAndNone, unsetOr, unsetOrNone } from './patterns.js';
import { isObject } from '../bounds/json.js';
import { countLeaves, customRefs, group, groupDepth, isGroup, negate, rule, type Group, type Json } from './shape.js';
import { closest } from './similar.js';

export interface CompileOptions {
  /**
   * Strict (the default, for anything sent upstream): a custom attribute uid the project does not have
   * is an error. Lenient (rendering, describing): it is a warning.
   */
  strict?: boolean;
}

export interface Compiled {
  definition: Group;
  warnings: string[];
}

/**
 * Rule text → the API's RuleCombination. Strict in what it produces: every rule carries `__type`,
 * `attribute`, `attributeMatchCondition`, options where the condition takes them and `invertCondition`.
 * The structure follows the text: `and`/`or` chains are groups, a parenthesised chain inside another is
 * a nested group, parentheses around one condition add nothing. `not` is pushed down (De Morgan) to the
 * conditions. A condition is one rule, or one group of the forms in patterns.ts (`in (…)`, `>=`, `!=`,
 * `not (x = v)`, …), so that no comparison's meaning rests on how the engine inverts an absent value.
 */
export function compile(source: string, attributes: Attributes, options: CompileOptions = {}): Compiled {
  const strict = options.strict ?? true;
  const c = new Compiler(source, attributes);
  const element = c.element(parse(source), false);
  const definition = isGroup(element) ? element : group('AND', [element]);
  const depth = groupDepth(definition);
  if (depth > MAX_DEPTH) throw new RuleError(`The rules nest groups ${depth} deep; at most ${MAX_DEPTH} levels are accepted. Flatten some parentheses or raw groups.`);
  const n = countLeaves(definition);
  if (n > MAX_RULES)
    throw new RuleError(`The rules have ${n} conditions (each value of in (…) counts as one); an audience may have at most ${MAX_RULES}. Split it into two audiences.`);
  for (const uid of customRefs(definition)) {
    if (attributes.byUid(uid)) continue;
    const message = `No custom attribute with uid ${uid} exists in the project: remove or replace the rules that use it (list_attributes shows the attributes).`;
    if (strict) throw new RuleError(message);
    c.warnings.push(message);
  }
  return { definition, warnings: c.warnings };
}

type Op = 'STRING_EQUALS' | 'NUMBER_EQUAL_TO' | 'CONTAINS_SUBSTRING' | 'NUMBER_GREATER_THAN' | 'NUMBER_LESS_THAN';

class Compiler {
  readonly warnings: string[] = [];

  constructor(
    private readonly source: string,
    private readonly attributes: Attributes,
  ) {}

  private fail(reason: string, offset: number): never {
    throw new RuleError(reason, offset, this.source);
  }

  element(node: Node, negated: boolean): Json {
    switch (node.kind) {
      case 'chain': {
        const combinator = negated ? (node.combinator === 'AND' ? 'OR' : 'AND') : node.combinator;
        return group(
          combinator,
          node.items.map((i) => this.element(i, negated)),
        );
      }
      case 'paren':
        return this.element(node.inner, negated);
      case 'not':
        return this.element(node.inner, !negated);
      case 'raw':
        return this.raw(node.json, negated, node.offset);
      case 'condition':
        return this.condition(node, negated);
    }
  }

  private raw(json: unknown, negated: boolean, offset: number): Json {
    if (!isObject(json)) this.fail('expected a JSON object after raw, such as raw {"__type":"Rule", …}', offset);
    const known = json.__type === 'Rule' || json.__type === 'RuleCombination';
    if (json.__type === 'RuleCombination' && (!Array.isArray(json.rules) || (json.combinationType !== 'AND' && json.combinationType !== 'OR'))) {
      this.fail('expected a raw RuleCombination to have "combinationType" AND or OR and a "rules" array', offset);
    }
    if (negated && !known) this.fail('cannot apply "not" to raw JSON that is not a Rule or RuleCombination: expected a "__type" of Rule or RuleCombination', offset);
    return negated ? negate(json) : json;
  }

  private resolve(c: Condition): Resolved {
    const r = this.attributes.resolve(c.attribute);
    if (r) return r;
    const near = closest(c.attribute.text, this.attributes.knownNames());
    const how =
      c.attribute.form === 'quoted'
        ? 'a custom attribute name or key'
        : 'a preset (country, region, city, device_type, operating_system, referrer, query_parameters, date_and_time) or a custom attribute key';
    return this.fail(`unknown attribute "${c.attribute.text}": expected ${how}; closest known: ${near.join(', ') || 'none'}`, c.attribute.offset);
  }

  private condition(c: Condition, negated: boolean): Json {
    const r = this.resolve(c);
    const ref: Json = r.kind === 'preset' ? { __type: 'PresetAttributeReference', ref: r.preset.ref } : { __type: 'CustomAttributeReference', ref: r.attribute.uid };
    const name = r.kind === 'preset' ? r.preset.name : c.attribute.text;
    const kind = r.kind === 'preset' ? r.preset.kind : 'custom';
    const op = c.operator;
    const timed = op === 'before' || op === 'after' || op === 'between';
    if (kind !== 'datetime' && timed) this.fail(`"${op}" applies to date_and_time only: expected =, !=, contains, in, is set or a comparison for ${name}`, c.offset);
    const refused = r.kind === 'preset' ? refusal(name, r.preset.ref, op) : undefined;
    if (refused) this.fail(refused, c.offset);
    if (kind !== 'custom' && ['>', '<', '>=', '<=', 'is true', 'is not true', 'is false', 'is not false'].includes(op)) {
      this.fail(`${name} holds text: "${op}" needs a custom attribute; expected =, !=, contains, in or is set`, c.offset);
    }
    const one = (condition: string, options?: Json): Json => rule(ref, condition, options, false);
    const compare = (value: Value, contains = false): Json => one(...this.valueOptions(value, kind, name, contains ? 'CONTAINS_SUBSTRING' : undefined));
    const number = (condition: string) => one(condition, this.number(c.values[0]!, op));
    // Each form and its negation, exact whatever the engine does with absent values (see patterns.ts).
    const form = (positive: () => Json, negative: () => Json) => (negated ? negative() : positive());
    const plain = (r: Json) =>
      form(
        () => r,
        () => unsetOrNone(ref, [r]),
      );
    const guarded = (rules: Json[]) =>
      form(
        () => setAndNone(ref, rules),
        () => unsetOr(ref, anyOf(rules)),
      );
    switch (op) {
      case '=':
        return plain(compare(c.values[0]!));
      case '!=':
        return guarded([compare(c.values[0]!)]);
      case 'contains':
        return plain(compare(c.values[0]!, true));
      case 'not contains':
        return guarded([compare(c.values[0]!, true)]);
      case '>':
        return plain(number('NUMBER_GREATER_THAN'));
      case '<':
        return plain(number('NUMBER_LESS_THAN'));
      case '>=':
        return form(
          () => anyOf([number('NUMBER_GREATER_THAN'), number('NUMBER_EQUAL_TO')]),
          () => unsetOr(ref, number('NUMBER_LESS_THAN')),
        );
      case '<=':
        return form(
          () => anyOf([number('NUMBER_LESS_THAN'), number('NUMBER_EQUAL_TO')]),
          () => unsetOr(ref, number('NUMBER_GREATER_THAN')),
        );
      case 'in': {
        const rules = c.values.map((v) => compare(v));
        return form(
          () => anyOf(rules),
          () => unsetOrNone(ref, rules),
        );
      }
      case 'not in':
        return guarded(c.values.map((v) => compare(v)));
      case 'is set':
        return negated ? isNotSet(ref) : isSet(ref);
      case 'is not set':
        return negated ? isSet(ref) : isNotSet(ref);
      case 'is true':
        return plain(one('IS_TRUE'));
      case 'is not true':
        return guarded([one('IS_TRUE')]);
      case 'is false':
        return plain(one('IS_FALSE'));
      case 'is not false':
        return guarded([one('IS_FALSE')]);
      case 'before':
      case 'after':
      case 'between':
        // Only date_and_time takes these, and its shape is not established (refused above).
        return this.fail(`"${op}" has no established wire shape`, c.offset);
    }
  }

  private number(v: Value, op: string): Json {
    if (v.kind !== 'number') this.fail(`expected a number after ${op}, found "${v.value}"`, v.offset);
    return { __type: 'NumberMatchOptions', value: v.value };
  }

  /** The condition and options for = / contains with this value, normalising preset values. */
  private valueOptions(v: Value, kind: string, name: string, contains?: Op): [Op, Json] {
    if (v.kind === 'number') {
      if (contains) this.fail(`expected a quoted text after contains, found the number ${v.value}`, v.offset);
      if (kind !== 'custom') this.fail(`${name} holds text: expected a quoted value such as "${v.value}"`, v.offset);
      return ['NUMBER_EQUAL_TO', { __type: 'NumberMatchOptions', value: v.value }];
    }
    let text = v.value as string;
    if (!contains) text = this.normalise(text, kind, v.offset);
    return [contains ?? 'STRING_EQUALS', { __type: 'StringMatchOptions', value: text }];
  }

  private normalise(text: string, kind: string, offset: number): string {
    switch (kind) {
      case 'country': {
        const code = normaliseCountry(text);
        if (code) return code;
        const names = [...countryNames()].map(([c, n]) => `${n} (${c})`);
        return this.fail(`unknown country "${text}": expected an ISO 3166 two-letter code or an English country name; closest: ${closest(text, names).join(', ')}`, offset);
      }
      case 'region':
      case 'city': {
        const r = kind === 'region' ? normaliseRegion(text) : normaliseCity(text);
        return 'value' in r ? r.value : this.fail(r.error, offset);
      }
      case 'device':
        return (
          normaliseDevice(text) ??
          this.fail(`unknown device type "${text}": expected one of ${DEVICE_TYPES.join(', ')}; closest: ${closest(text, DEVICE_TYPES).join(', ')}`, offset)
        );
      default:
        return text;
    }
  }
}
