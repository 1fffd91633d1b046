// A small interpreter of Go's text/template, enough to render this repository's Helm chart in tests (no
// helm binary here). It implements the subset the chart uses and throws on anything else, so a template
// that strays from that subset fails loudly instead of rendering differently from Helm:
//   actions with trim markers and comments; if / else if / else, range (lists and maps, with variables),
//   with, define; variables ($, $x := …); pipelines; and the functions in ./template-functions.ts.
// Values print as Helm prints them: numbers from values files are float64 in Helm (5.24288e+07 for
// 52428800 unquoted), missing map keys print as nothing. Go's two number kinds stay apart: float64 (values
// files) is a JS number, int (integer literals in templates, Sprig's int64 arithmetic) a JS bigint, so
// comparing one with the other fails here as it does in Go ("incompatible types for comparison").

type Operand =
  | { kind: 'field'; variable?: string; path: string[] }
  | { kind: 'literal'; value: unknown }
  | { kind: 'function'; name: string }
  | { kind: 'pipeline'; pipeline: Pipeline };

interface Pipeline {
  declare: string[];
  assign?: ':=' | '=';
  commands: Operand[][];
}

type Node =
  | { type: 'text'; text: string }
  | { type: 'action'; pipeline: Pipeline }
  | { type: 'if'; branches: { condition: Pipeline; body: Node[] }[]; otherwise?: Node[] }
  | { type: 'range'; pipeline: Pipeline; body: Node[]; otherwise?: Node[] }
  | { type: 'with'; pipeline: Pipeline; body: Node[]; otherwise?: Node[] };

export type TemplateFunction = (args: unknown[], render: (name: string, data: unknown) => string) => unknown;

class Scope {
  private readonly vars = new Map<string, unknown>();
  constructor(private readonly parent?: Scope) {}
  declare(name: string, value: unknown): void {
    this.vars.set(name, value);
  }
  assign(name: string, value: unknown): void {
    if (this.vars.has(name)) this.vars.set(name, value);
    else if (this.parent) this.parent.assign(name, value);
    else throw new Error(`undefined variable: ${name}`);
  }
  get(name: string): unknown {
    if (this.vars.has(name)) return this.vars.get(name);
    if (this.parent) return this.parent.get(name);
    throw new Error(`undefined variable: ${name}`);
  }
}

// ---- lexing -------------------------------------------------------------------------------------------

type Piece =
  { kind: 'text'; text: string } | { kind: 'action'; source: string; trimLeft: boolean; trimRight: boolean };

function splitActions(source: string, origin: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    if (open < 0) {
      pieces.push({ kind: 'text', text: source.slice(at) });
      break;
    }
    pieces.push({ kind: 'text', text: source.slice(at, open) });
    let i = open + 2;
    let quote: string | undefined;
    while (i < source.length && (quote || !source.startsWith('}}', i))) {
      const c = source[i];
      if (quote) {
        if (c === '\\' && quote === '"') i += 1;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === '`') quote = c;
      i += 1;
    }
    if (i >= source.length) throw new Error(`${origin}: unclosed action`);
    let inner = source.slice(open + 2, i);
    const trimLeft = /^-\s/.test(inner);
    const trimRight = /\s-$/.test(inner);
    inner = inner.slice(trimLeft ? 1 : 0, trimRight ? -1 : undefined).trim();
    pieces.push({ kind: 'action', source: inner, trimLeft, trimRight });
    at = i + 2;
  }
  pieces.forEach((piece, index) => {
    if (piece.kind !== 'action') return;
    const before = pieces[index - 1];
    const after = pieces[index + 1];
    if (piece.trimLeft && before?.kind === 'text') before.text = before.text.replace(/\s+$/, '');
    if (piece.trimRight && after?.kind === 'text') after.text = after.text.replace(/^\s+/, '');
  });
  return pieces;
}

const TOKEN =
  /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(-?\d+(?:\.\d+)?)|(:=|=|\||\(|\)|,)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(\.(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?)|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokenize(source: string, origin: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) throw new Error(`${origin}: cannot read {{ ${source} }} at "${source.slice(start)}"`);
    tokens.push(match[0].trim());
  }
  return tokens;
}

// ---- parsing ------------------------------------------------------------------------------------------

function parseOperand(tokens: string[], origin: string): Operand {
  const token = tokens.shift() as string;
  if (token === '(') {
    const depthEnd = matchingParen(tokens, origin);
    const inner = tokens.splice(0, depthEnd);
    tokens.shift();
    return { kind: 'pipeline', pipeline: parsePipeline(inner, origin) };
  }
  if (token.startsWith('"')) return { kind: 'literal', value: JSON.parse(token) };
  if (token.startsWith('`')) return { kind: 'literal', value: token.slice(1, -1) };
  if (/^-?\d/.test(token))
    return { kind: 'literal', value: token.includes('.') ? Number(token) : BigInt(token) };
  if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
  if (token === 'nil') return { kind: 'literal', value: undefined };
  if (token.startsWith('$')) {
    const [variable, ...path] = token.split('.');
    return { kind: 'field', variable, path };
  }
  if (token.startsWith('.')) return { kind: 'field', path: token === '.' ? [] : token.slice(1).split('.') };
  if (/^[A-Za-z_]/.test(token)) return { kind: 'function', name: token };
  throw new Error(`${origin}: unexpected "${token}"`);
}

function matchingParen(tokens: string[], origin: string): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    if (tokens[i] === '(') depth += 1;
    if (tokens[i] === ')') {
      if (depth === 0) return i;
      depth -= 1;
    }
  }
  throw new Error(`${origin}: unbalanced parentheses`);
}

function parsePipeline(tokens: string[], origin: string): Pipeline {
  const pipeline: Pipeline = { declare: [], commands: [] };
  const assignAt = tokens.findIndex((t) => t === ':=' || t === '=');
  if (assignAt >= 0) {
    const names = tokens.slice(0, assignAt).filter((t) => t !== ',');
    if (!names.every((n) => /^\$[A-Za-z0-9_]+$/.test(n))) throw new Error(`${origin}: bad declaration`);
    pipeline.declare = names;
    pipeline.assign = tokens[assignAt] as ':=' | '=';
    tokens = tokens.slice(assignAt + 1);
  }
  let command: Operand[] = [];
  const rest = [...tokens];
  while (rest.length > 0) {
    if (rest[0] === '|') {
      rest.shift();
      pipeline.commands.push(command);
      command = [];
    } else command.push(parseOperand(rest, origin));
  }
  pipeline.commands.push(command);
  if (pipeline.commands.some((c) => c.length === 0)) throw new Error(`${origin}: empty command`);
  return pipeline;
}

interface Frame {
  node: Node | { type: 'define'; name: string; body: Node[] };
  /** Where new nodes go: the body of the current branch. */
  target: Node[];
}

/** Parses a template file into its top-level nodes and the templates it defines. */
function parseTemplate(source: string, origin: string): { nodes: Node[]; defines: Map<string, Node[]> } {
  const nodes: Node[] = [];
  const defines = new Map<string, Node[]>();
  const stack: Frame[] = [];
  const target = () => stack.at(-1)?.target ?? nodes;
  for (const piece of splitActions(source, origin)) {
    if (piece.kind === 'text') {
      if (piece.text) target().push({ type: 'text', text: piece.text });
      continue;
    }
    if (piece.source.startsWith('/*')) {
      if (!piece.source.endsWith('*/')) throw new Error(`${origin}: unclosed comment`);
      continue;
    }
    const tokens = tokenize(piece.source, origin);
    const [keyword, ...rest] = tokens;
    const frame = stack.at(-1);
    if (keyword === 'if') {
      const node: Node = { type: 'if', branches: [{ condition: parsePipeline(rest, origin), body: [] }] };
      target().push(node);
      stack.push({ node, target: node.branches[0].body });
    } else if (keyword === 'range' || keyword === 'with') {
      const body: Node[] = [];
      const node: Node = { type: keyword, pipeline: parsePipeline(rest, origin), body };
      target().push(node);
      stack.push({ node, target: body });
    } else if (keyword === 'define') {
      const name = JSON.parse(rest[0] ?? '""') as string;
      if (stack.length > 0 || rest.length !== 1) throw new Error(`${origin}: define must be top-level`);
      const node = { type: 'define' as const, name, body: [] };
      stack.push({ node, target: node.body });
    } else if (keyword === 'else') {
      if (!frame || frame.node.type === 'define') throw new Error(`${origin}: else outside a block`);
      const node = frame.node;
      if (rest[0] === 'if' && node.type === 'if') {
        const branch = { condition: parsePipeline(rest.slice(1), origin), body: [] };
        node.branches.push(branch);
        frame.target = branch.body;
      } else if (rest.length === 0 && node.type !== 'text' && node.type !== 'action') {
        node.otherwise = [];
        frame.target = node.otherwise;
      } else throw new Error(`${origin}: unsupported {{ ${piece.source} }}`);
    } else if (keyword === 'end') {
      const done = stack.pop();
      if (!done) throw new Error(`${origin}: end without a block`);
      if (done.node.type === 'define') defines.set(done.node.name, done.node.body);
    } else if (['template', 'block', 'break', 'continue'].includes(keyword)) {
      throw new Error(`${origin}: {{ ${keyword} }} is outside the supported subset`);
    } else {
      target().push({ type: 'action', pipeline: parsePipeline(tokens, origin) });
    }
  }
  if (stack.length > 0) throw new Error(`${origin}: unclosed {{ ${stack.at(-1)?.node.type} }}`);
  return { nodes, defines };
}

// ---- evaluation ---------------------------------------------------------------------------------------

/** Go's `%v` of a float64 (how Helm prints numbers from values): `%g`, exponent form from 1e+06 on. */
export function goFloat(n: number): string {
  if (n === 0) return '0';
  const [mantissa, exponent] = n.toExponential().split('e');
  const e = Number(exponent);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

export function print(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(print).join(' ')}]`;
  if (typeof value === 'object')
    return `map[${Object.keys(value)
      .sort()
      .map((k) => `${k}:${print((value as Record<string, unknown>)[k])}`)
      .join(' ')}]`;
  return String(value);
}

/** Go templates' truth: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === 0n || value === '')
    return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

export class TemplateSet {
  private readonly templates = new Map<string, Node[]>();

  constructor(
    files: Record<string, string>,
    private readonly functions: Record<string, TemplateFunction>,
  ) {
    for (const [name, source] of Object.entries(files)) {
      const { nodes, defines } = parseTemplate(source, name);
      this.templates.set(name, nodes);
      for (const [define, body] of defines) this.templates.set(define, body);
    }
  }

  render(name: string, data: unknown): string {
    const nodes = this.templates.get(name);
    if (!nodes) throw new Error(`no template "${name}"`);
    const scope = new Scope();
    scope.declare('$', data);
    const out: string[] = [];
    this.exec(nodes, data, scope, out, name);
    return out.join('');
  }

  private exec(nodes: Node[], dot: unknown, scope: Scope, out: string[], origin: string): void {
    for (const node of nodes) {
      if (node.type === 'text') out.push(node.text);
      else if (node.type === 'action') {
        const value = this.pipeline(node.pipeline, dot, scope, origin);
        if (node.pipeline.declare.length > 0) this.bind(node.pipeline, scope, value);
        else out.push(print(value));
      } else if (node.type === 'if') {
        const branch = node.branches.find((b) => truthy(this.pipeline(b.condition, dot, scope, origin)));
        const body = branch?.body ?? node.otherwise;
        if (body) this.exec(body, dot, new Scope(scope), out, origin);
      } else if (node.type === 'with') {
        const value = this.pipeline({ ...node.pipeline, declare: [] }, dot, scope, origin);
        const inner = new Scope(scope);
        if (node.pipeline.declare.length > 0) this.bind(node.pipeline, inner, value);
        if (truthy(value)) this.exec(node.body, value, inner, out, origin);
        else if (node.otherwise) this.exec(node.otherwise, dot, inner, out, origin);
      } else {
        this.range(node, dot, scope, out, origin);
      }
    }
  }

  private range(
    node: Extract<Node, { type: 'range' }>,
    dot: unknown,
    scope: Scope,
    out: string[],
    origin: string,
  ): void {
    const value = this.pipeline({ ...node.pipeline, declare: [] }, dot, scope, origin);
    let entries: [unknown, unknown][];
    if (value === undefined || value === null) entries = [];
    else if (Array.isArray(value)) entries = value.map((v, i) => [i, v]);
    else if (typeof value === 'object')
      entries = Object.keys(value)
        .sort()
        .map((k) => [k, (value as Record<string, unknown>)[k]]);
    else throw new Error(`${origin}: range over ${typeof value}`);
    if (entries.length === 0) {
      if (node.otherwise) this.exec(node.otherwise, dot, new Scope(scope), out, origin);
      return;
    }
    const names = node.pipeline.declare;
    for (const [key, element] of entries) {
      const inner = new Scope(scope);
      if (names.length === 1) inner.declare(names[0], element);
      if (names.length === 2) {
        inner.declare(names[0], key);
        inner.declare(names[1], element);
      }
      this.exec(node.body, element, inner, out, origin);
    }
  }

  private bind(pipeline: Pipeline, scope: Scope, value: unknown): void {
    if (pipeline.declare.length !== 1) throw new Error('only range declares two variables');
    if (pipeline.assign === '=') scope.assign(pipeline.declare[0], value);
    else scope.declare(pipeline.declare[0], value);
  }

  private pipeline(pipeline: Pipeline, dot: unknown, scope: Scope, origin: string): unknown {
    let piped: { value: unknown } | undefined;
    for (const command of pipeline.commands) {
      piped = { value: this.command(command, dot, scope, origin, piped) };
    }
    return piped?.value;
  }

  private command(
    command: Operand[],
    dot: unknown,
    scope: Scope,
    origin: string,
    piped?: { value: unknown },
  ): unknown {
    const [head, ...args] = command;
    const evaluate = (operand: Operand) => this.operand(operand, dot, scope, origin);
    if (head.kind !== 'function') {
      if (args.length > 0 || piped) throw new Error(`${origin}: can't give arguments to a non-function`);
      return evaluate(head);
    }
    // and/or stop at the first operand that decides (Go 1.18+).
    if (head.name === 'and' || head.name === 'or') {
      const thunks = [...args.map((a) => () => evaluate(a)), ...(piped ? [() => piped.value] : [])];
      let result: unknown;
      for (const thunk of thunks) {
        result = thunk();
        if (truthy(result) === (head.name === 'or')) return result;
      }
      return result;
    }
    const fn = this.functions[head.name];
    if (!fn) throw new Error(`${origin}: function "${head.name}" not defined`);
    const values = [...args.map(evaluate), ...(piped ? [piped.value] : [])];
    return fn(values, (name, data) => this.render(name, data));
  }

  private operand(operand: Operand, dot: unknown, scope: Scope, origin: string): unknown {
    if (operand.kind === 'literal') return operand.value;
    if (operand.kind === 'pipeline') return this.pipeline(operand.pipeline, dot, scope, origin);
    if (operand.kind === 'function') return this.command([operand], dot, scope, origin);
    let value = operand.variable ? scope.get(operand.variable) : dot;
    for (const key of operand.path) {
      if (value === undefined || value === null)
        throw new Error(`${origin}: nil pointer evaluating interface {}.${key}`);
      if (typeof value !== 'object' || Array.isArray(value))
        throw new Error(`${origin}: can't evaluate field ${key}`);
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  }
}
