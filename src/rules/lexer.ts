import { INPUT_LIMITS } from '../bounds/limits.js';
import { found, RuleError } from './errors.js';

export type TokenKind = 'lparen' | 'rparen' | 'comma' | 'op' | 'string' | 'number' | 'word' | 'raw' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for raw: the JSON). */
  text: string;
  /** Decoded value: the string's content, the number, the raw JSON. */
  value?: unknown;
  offset: number;
}

const OPERATORS = ['>=', '<=', '!=', '==', '=', '>', '<'];
const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_.-]/;
const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (reason: string, at: number): never => {
    throw new RuleError(reason, at, source);
  };
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, offset: i++ });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op === '==' ? '=' : op, offset: i });
      i += op.length;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readString(source, i, fail);
      tokens.push({ kind: 'string', text: source.slice(start, end), value, offset: start });
      i = end;
      continue;
    }
    const num = NUMBER.exec(source.slice(i, i + 64));
    if (num && (c === '-' || c === '.' || /\d/.test(c))) {
      const after = source[i + num[0].length];
      if (after !== undefined && WORD_PART.test(after) && after !== '-' && after !== '.') fail(`expected a number, found ${found(source.slice(i, i + num[0].length + 1))}`, i);
      tokens.push({ kind: 'number', text: num[0], value: Number(num[0]), offset: i });
      i += num[0].length;
      continue;
    }
    if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < source.length && WORD_PART.test(source[j]!)) j++;
      const word = source.slice(i, j);
      let k = j;
      while (k < source.length && /\s/.test(source[k]!)) k++;
      if (word.toLowerCase() === 'raw' && source[k] === '{') {
        const end = jsonEnd(source, k, fail);
        let value: unknown;
        try {
          value = JSON.parse(source.slice(k, end));
        } catch (err) {
          fail(`expected valid JSON after raw (${err instanceof Error ? err.message : 'parse error'})`, k);
        }
        tokens.push({ kind: 'raw', text: source.slice(k, end), value, offset: start });
        i = end;
        continue;
      }
      tokens.push({ kind: 'word', text: word, offset: i });
      i = j;
      continue;
    }
    fail(`unexpected character ${found(c)}: expected an attribute, a value, an operator or a parenthesis`, i);
  }
  tokens.push({ kind: 'eof', text: '', offset: source.length });
  return tokens;
}

/** A "double" (JSON escapes) or 'single' quoted string; a backslash escapes the quote in both. */
function readString(source: string, at: number, fail: (r: string, at: number) => never): { value: string; end: number } {
  const quote = source[at]!;
  let j = at + 1;
  let body = '';
  while (j < source.length && source[j] !== quote) {
    const ch = source[j]!;
    if (ch === '\n') break;
    if (ch === '\\') {
      const next = source[j + 1];
      if (next === undefined) break;
      body += next === "'" ? "'" : `\\${next}`;
      j += 2;
      continue;
    }
    body += ch === '"' ? '\\"' : ch;
    j++;
  }
  if (source[j] !== quote) fail(`unterminated string: expected a closing ${quote} on the same line`, at);
  try {
    return { value: JSON.parse(`"${body}"`) as string, end: j + 1 };
  } catch {
    return fail('invalid escape in string: expected \\", \\\\, \\n, \\t or \\uXXXX', at);
  }
}

/**
 * End offset of the JSON object starting at `at`, counting braces outside JSON strings. Raw JSON inside
 * rule text is as deep as tool input may be (src/bounds/limits.ts): the rule functions walking it recurse.
 */
function jsonEnd(source: string, at: number, fail: (r: string, at: number) => never): number {
  let depth = 0;
  let inString = false;
  for (let j = at; j < source.length; j++) {
    const ch = source[j]!;
    if (inString) {
      if (ch === '\\') j++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (++depth > INPUT_LIMITS.depth) fail(`raw JSON nested more than ${INPUT_LIMITS.depth} deep: at most ${INPUT_LIMITS.depth} levels are accepted`, at);
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return fail('unterminated raw JSON: expected a closing }', at);
}
