/**
 * An evaluator of CloudWatch Logs JSON filter patterns, for tests that feed the
 * alarms' metric filters the log events an attacker, an operator or the baseline
 * itself would cause, and check which ones count.
 *
 * It parses the pattern text as it is written to the template (after `concrete()` has
 * made references concrete), independently of the builder that wrote it:
 * `{ <expr> }` where expr combines, with `&&`, `||` and parentheses, comparisons of a
 * selector (`$.a.b`, `$.a[0].b`) with `=` or `!=` to a string (quoted, `*` a wildcard),
 * a number or a bare word, and `IS TRUE|FALSE|NULL`, `EXISTS`, `NOT EXISTS`.
 *
 * A comparison on a field the event lacks is false, whichever the operator: a pattern
 * must not rely on `!=` matching an absent field (it uses `NOT EXISTS` for that).
 */

type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'compare'; selector: string; op: '=' | '!='; value: string | number; quoted: boolean }
  | { kind: 'is'; selector: string; value: boolean | null }
  | { kind: 'exists'; selector: string; negated: boolean };

const TOKEN =
  /\s*(\(|\)|&&|\|\||!=|=|"(?:[^"\\]|\\.)*"|\$[\w.[\]-]*|NOT EXISTS|EXISTS|IS|TRUE|FALSE|NULL|[^\s()=!&|"]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let position = 0;
  while (text.slice(position).trim() !== '') {
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`cannot parse filter pattern at: ${text.slice(position)}`);
    tokens.push(match[1]);
    position = TOKEN.lastIndex;
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: string[]) {}

  public parse(): Node {
    const node = this.or();
    if (this.position !== this.tokens.length) {
      throw new Error(`unexpected ${this.tokens[this.position]} in filter pattern`);
    }
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private next(): string {
    const token = this.tokens[this.position++];
    if (token === undefined) throw new Error('filter pattern ends early');
    return token;
  }

  private or(): Node {
    let left = this.and();
    while (this.peek() === '||') {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.term();
    while (this.peek() === '&&') {
      this.next();
      left = { kind: 'and', left, right: this.term() };
    }
    return left;
  }

  private term(): Node {
    if (this.peek() === '(') {
      this.next();
      const inner = this.or();
      if (this.next() !== ')') throw new Error('missing ) in filter pattern');
      return inner;
    }
    const selector = this.next();
    if (!selector.startsWith('$')) throw new Error(`expected a selector, found ${selector}`);
    const op = this.next();
    if (op === 'NOT EXISTS' || op === 'EXISTS') {
      return { kind: 'exists', selector, negated: op === 'NOT EXISTS' };
    }
    if (op === 'IS') {
      const value = this.next();
      return { kind: 'is', selector, value: value === 'NULL' ? null : value === 'TRUE' };
    }
    if (op !== '=' && op !== '!=') throw new Error(`unknown operator ${op}`);
    const raw = this.next();
    if (raw.startsWith('"')) {
      return { kind: 'compare', selector, op, value: JSON.parse(raw), quoted: true };
    }
    const number = Number(raw);
    return {
      kind: 'compare',
      selector,
      op,
      value: Number.isNaN(number) ? raw : number,
      quoted: false,
    };
  }
}

/** The value at a selector such as `$.resources[0].ARN`; `undefined` when absent. */
function select(event: unknown, selector: string): unknown {
  const steps = selector
    .slice(1)
    .split(/\.|(?=\[)/)
    .filter((s) => s !== '');
  let current: unknown = event;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(step);
    current = index
      ? (current as unknown[])[Number(index[1])]
      : (current as Record<string, unknown>)[step];
  }
  return current;
}

function stringMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`).test(value);
}

function evaluateNode(node: Node, event: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateNode(node.left, event) && evaluateNode(node.right, event);
    case 'or':
      return evaluateNode(node.left, event) || evaluateNode(node.right, event);
    case 'exists': {
      const present = select(event, node.selector) !== undefined;
      return node.negated ? !present : present;
    }
    case 'is': {
      const value = select(event, node.selector);
      return value !== undefined && value === node.value;
    }
    case 'compare': {
      const value = select(event, node.selector);
      if (value === undefined || (value !== null && typeof value === 'object')) return false;
      const equal =
        typeof node.value === 'number'
          ? Number(value) === node.value
          : stringMatches(String(node.value), String(value));
      return node.op === '=' ? equal : !equal;
    }
  }
}

/** Parses a JSON filter pattern once; the result tells whether an event matches. */
export function compileFilterPattern(pattern: string): (event: unknown) => boolean {
  const text = pattern.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) {
    throw new Error(`not a JSON filter pattern: ${pattern}`);
  }
  const tree = new Parser(tokenize(text.slice(1, -1))).parse();
  return (event) => evaluateNode(tree, event);
}
