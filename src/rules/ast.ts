/** The parsed form of rule text, before names are resolved. Offsets point into the source for errors. */

export interface Value {
  kind: 'string' | 'number';
  value: string | number;
  /** Written without quotes (a bare word). */
  bare: boolean;
  offset: number;
}

export interface AttributeName {
  /** As written: a key or preset name, a quoted name, or the uid inside uid("…"). */
  text: string;
  form: 'word' | 'quoted' | 'uid';
  offset: number;
}

export type Operator =
  | '='
  | '!='
  | 'contains'
  | 'not contains'
  | '>'
  | '<'
  | '>='
  | '<='
  | 'in'
  | 'not in'
  | 'is set'
  | 'is not set'
  | 'is true'
  | 'is not true'
  | 'is false'
  | 'is not false'
  | 'before'
  | 'after'
  | 'between';

export interface Condition {
  kind: 'condition';
  attribute: AttributeName;
  operator: Operator;
  values: Value[];
  offset: number;
}

export interface Chain {
  kind: 'chain';
  combinator: 'AND' | 'OR';
  items: Node[];
  offset: number;
}

export interface Not {
  kind: 'not';
  inner: Node;
  offset: number;
}

export interface Paren {
  kind: 'paren';
  inner: Node;
  offset: number;
}

export interface Raw {
  kind: 'raw';
  json: unknown;
  offset: number;
}

export type Node = Condition | Chain | Not | Paren | Raw;
