import type { AttributeName, Node, Operator, Value } from './ast.js';
import { found, RuleError } from './errors.js';
import { tokenize, type Token } from './lexer.js';
import { MAX_DEPTH, MAX_TEXT_LENGTH } from './limits.js';

/**
 * Grammar (keywords are case-insensitive):
 *   expr      = and { "or" and }
 *   and       = unary { "and" unary }
 *   unary     = "not" unary | "(" expr ")" | "raw" json | condition
 *   condition = attribute ( ("=" | "!=" | "contains" | "not contains" | "before" | "after") value
 *             | (">" | "<" | ">=" | "<=") number | ["not"] "in" "(" value {"," value} ")"
 *             | "is" ["not"] ("set" | "true" | "false") | "between" value "and" value )
 *   attribute = key | "quoted name" | uid("uid")
 *   value     = "text" | 'text' | number | bare-word
 */

const OPERATOR_LIST = '=, !=, contains, not contains, >, <, >=, <=, in (…), not in (…), is set, is not set, is true, is false, before, after or between … and …';
/** Words that cannot be bare values (quote them to use them as text). */
const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'contains', 'before', 'after', 'between', 'set', 'true', 'false']);

export function parse(source: string): Node {
  if (source.length > MAX_TEXT_LENGTH) {
    throw new RuleError(`The rules text is ${source.length} characters long; at most ${MAX_TEXT_LENGTH} are accepted. Split the audience into smaller ones.`);
  }
  return new Parser(source).parseAll();
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  parseAll(): Node {
    if (this.peek().kind === 'eof') this.fail('expected a condition such as country = "CA"', this.peek());
    const node = this.parseOr(0);
    const t = this.peek();
    if (t.kind !== 'eof') {
      const why = t.kind === 'rparen' ? 'found a ")" with no "(" to close' : `found ${found(t.text)}`;
      this.fail(`expected "and", "or" or the end of the rules, but ${why}`, t);
    }
    return node;
  }

  private peek(n = 0): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  private fail(reason: string, at: Token): never {
    throw new RuleError(reason, at.offset, this.source);
  }

  private deeper(depth: number, at: Token): number {
    if (depth + 1 > MAX_DEPTH) this.fail(`parentheses and "not" are nested more than ${MAX_DEPTH} deep: expected a flatter expression`, at);
    return depth + 1;
  }

  private parseOr(depth: number): Node {
    return this.parseChain(depth, 'or', 'OR', () => this.parseAnd(depth));
  }

  private parseAnd(depth: number): Node {
    return this.parseChain(depth, 'and', 'AND', () => this.parseUnary(depth));
  }

  private parseChain(_depth: number, word: string, combinator: 'AND' | 'OR', operand: () => Node): Node {
    const first = this.peek();
    const items = [operand()];
    while (this.isWord(this.peek(), word)) {
      this.next();
      items.push(operand());
    }
    return items.length === 1 ? items[0]! : { kind: 'chain', combinator, items, offset: first.offset };
  }

  private parseUnary(depth: number): Node {
    const t = this.peek();
    if (this.isWord(t, 'not')) {
      this.next();
      return { kind: 'not', inner: this.parseUnary(this.deeper(depth, t)), offset: t.offset };
    }
    if (t.kind === 'lparen') {
      this.next();
      const inner = this.parseOr(this.deeper(depth, t));
      const close = this.peek();
      if (close.kind !== 'rparen') this.fail(`expected ")" to close the "(" at column ${this.column(t)}, or "and" / "or", but found ${found(close.text)}`, close);
      this.next();
      return { kind: 'paren', inner, offset: t.offset };
    }
    if (t.kind === 'raw') {
      this.next();
      return { kind: 'raw', json: t.value, offset: t.offset };
    }
    if ((t.kind === 'word' && !RESERVED.has(t.text.toLowerCase())) || t.kind === 'string') return this.parseCondition();
    return this.fail(`expected a condition (an attribute such as country or loyalty_points), "not", "(" or raw {…}, but found ${found(t.text)}`, t);
  }

  private column(t: Token): number {
    return t.offset - this.source.lastIndexOf('\n', t.offset - 1);
  }

  private parseAttribute(): AttributeName {
    const t = this.next();
    if (t.kind === 'string') return { text: String(t.value), form: 'quoted', offset: t.offset };
    if (t.text.toLowerCase() === 'uid' && this.peek().kind === 'lparen') {
      this.next();
      const uid = this.next();
      if (uid.kind !== 'string') this.fail(`expected a quoted attribute uid inside uid(…), but found ${found(uid.text)}`, uid);
      const close = this.next();
      if (close.kind !== 'rparen') this.fail(`expected ")" after the uid, but found ${found(close.text)}`, close);
      return { text: String(uid.value), form: 'uid', offset: t.offset };
    }
    return { text: t.text, form: 'word', offset: t.offset };
  }

  private parseCondition(): Node {
    const start = this.peek();
    const attribute = this.parseAttribute();
    const opToken = this.peek();
    const cond = (operator: Operator, values: Value[] = []): Node => ({ kind: 'condition', attribute, operator, values, offset: start.offset });
    if (opToken.kind === 'op') {
      this.next();
      const operator = opToken.text as Operator;
      return cond(operator, [this.parseValue(opToken.text)]);
    }
    if (opToken.kind === 'word') {
      const word = opToken.text.toLowerCase();
      switch (word) {
        case 'contains':
        case 'before':
        case 'after':
          this.next();
          return cond(word, [this.parseValue(word)]);
        case 'in':
          this.next();
          return cond('in', this.parseList('in'));
        case 'between': {
          this.next();
          const from = this.parseValue('between');
          const and = this.peek();
          if (!this.isWord(and, 'and')) this.fail(`expected "and" between the two bounds of between, but found ${found(and.text)}`, and);
          this.next();
          return cond('between', [from, this.parseValue('between … and')]);
        }
        case 'not': {
          this.next();
          const after = this.next();
          if (this.isWord(after, 'contains')) return cond('not contains', [this.parseValue('not contains')]);
          if (this.isWord(after, 'in')) return cond('not in', this.parseList('not in'));
          return this.fail(`expected "contains" or "in" after "not", but found ${found(after.text)}`, after);
        }
        case 'is': {
          this.next();
          let negated = false;
          let what = this.next();
          if (this.isWord(what, 'not')) {
            negated = true;
            what = this.next();
          }
          const w = what.kind === 'word' ? what.text.toLowerCase() : '';
          if (w !== 'set' && w !== 'true' && w !== 'false') this.fail(`expected "set", "true" or "false" after "is${negated ? ' not' : ''}", but found ${found(what.text)}`, what);
          return cond(`is ${negated ? 'not ' : ''}${w}` as Operator);
        }
      }
    }
    const name = attribute.form === 'uid' ? `uid("${attribute.text}")` : attribute.text;
    return this.fail(`expected an operator after ${name} (${OPERATOR_LIST}), but found ${found(opToken.text)}`, opToken);
  }

  private parseList(after: string): Value[] {
    const open = this.next();
    if (open.kind !== 'lparen') this.fail(`expected "(" and a list of values after ${after}, such as ("CA", "US"), but found ${found(open.text)}`, open);
    const values = [this.parseValue(`${after} (`)];
    for (;;) {
      const t = this.next();
      if (t.kind === 'rparen') return values;
      if (t.kind !== 'comma') this.fail(`expected "," or ")" in the list of values, but found ${found(t.text)}`, t);
      values.push(this.parseValue('","'));
    }
  }

  private parseValue(after: string): Value {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'string', value: String(t.value), bare: false, offset: t.offset };
    if (t.kind === 'number') return { kind: 'number', value: t.value as number, bare: false, offset: t.offset };
    if (t.kind === 'word') {
      const w = t.text.toLowerCase();
      if (w === 'true' || w === 'false') this.fail(`expected a value after ${after}; for a yes/no attribute write "is ${w}" instead of "= ${w}"`, t);
      if (!RESERVED.has(w)) return { kind: 'string', value: t.text, bare: true, offset: t.offset };
    }
    return this.fail(`expected a value after ${after} (a "quoted text" or a number), but found ${found(t.text)}`, t);
  }
}
