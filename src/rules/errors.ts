/**
 * A problem in rule text, with where it is. The message names the line and column, says what was
 * expected and ends with the offending line and a caret under the spot.
 */
export class RuleError extends Error {
  override name = 'RuleError';
  constructor(
    readonly reason: string,
    readonly offset?: number,
    source?: string,
  ) {
    super(offset === undefined || source === undefined ? reason : located(reason, offset, source));
  }
}

const EXCERPT = 60;

function located(reason: string, offset: number, source: string): string {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = offset - lineStart + 1;
  const lineEnd = source.indexOf('\n', offset) === -1 ? source.length : source.indexOf('\n', offset);
  const text = source.slice(lineStart, lineEnd);
  // Long lines are cut around the column so the caret stays readable.
  const from = Math.max(0, column - 1 - EXCERPT / 2);
  const shown = (from > 0 ? '…' : '') + text.slice(from, from + EXCERPT) + (from + EXCERPT < text.length ? '…' : '');
  const caret = `${' '.repeat(column - 1 - from + (from > 0 ? 1 : 0))}^`;
  return `Line ${line}, column ${column}: ${reason}\n  ${shown}\n  ${caret}`;
}

/** Describes a token for "found …" in messages. */
export function found(text: string | undefined): string {
  return text === undefined || text === '' ? 'the end of the rules' : `"${text.length > 30 ? `${text.slice(0, 30)}…` : text}"`;
}
