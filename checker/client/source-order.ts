// Is the newcomer counted? server.js read with a real JavaScript parser (acorn, loaded on
// the behaviour path only): among the connection listener's own top-level statements
// (nested handlers such as a disconnect listener are not its own), the counter must go
// up before the count is emitted. Code it cannot read, or a listener it cannot find,
// never fails an app: the check then judges by value alone and says so.

import type { Node as AcornNode } from 'acorn';
import type { Note } from '../types.ts';

type Node = AcornNode & Record<string, unknown>;

/** What the order of the connection listener says. */
export type Order =
  | { verdict: 'counted' }
  | { verdict: 'emit-first'; counter: string; emitLine: number; incrementLine: number }
  | { verdict: 'postfix'; counter: string; line: number }
  | { verdict: 'unknown'; why: 'unparsed' | 'no-listener' | 'no-increment-found' };

const FUNCTIONS = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

/** Every node under `root` (itself included), not entering nested functions unless `intoFunctions`. */
function* nodes(root: Node, intoFunctions: boolean): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    if (node !== root && !intoFunctions && FUNCTIONS.has(node.type)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc') continue;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push(value[i] as Node);
      } else if (isNode(value)) stack.push(value);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function propertyName(member: Node): string | undefined {
  const property = member.property as Node;
  if (!member.computed && property.type === 'Identifier') return property.name as string;
  if (property.type === 'Literal' && typeof property.value === 'string') return property.value;
  return undefined;
}

function stringArg(call: Node, index: number): string | undefined {
  const arg = (call.arguments as Node[])[index];
  if (arg?.type === 'Literal' && typeof arg.value === 'string') return arg.value;
  if (arg?.type === 'TemplateLiteral' && (arg.expressions as Node[]).length === 0) return ((arg.quasis as Node[])[0]!.value as { cooked?: string }).cooked;
  return undefined;
}

function methodCall(node: Node, names: readonly string[]): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = node.callee as Node;
  return callee.type === 'MemberExpression' && names.includes(propertyName(callee) ?? '');
}

function lineOf(node: Node): number {
  return (node.loc as { start: { line: number } }).start.line;
}

function named(node: Node | undefined, name: string): boolean {
  return node?.type === 'Identifier' && node.name === name;
}

/** `++x`, `x++`, `x += 1`, `x = x + 1` (or `1 + x`). */
function increments(node: Node, counter: string): boolean {
  if (node.type === 'UpdateExpression') return node.operator === '++' && named(node.argument as Node, counter);
  if (node.type !== 'AssignmentExpression' || !named(node.left as Node, counter)) return false;
  const right = node.right as Node;
  const one = (n: Node) => n.type === 'Literal' && n.value === 1;
  if (node.operator === '+=') return one(right);
  return node.operator === '=' && right.type === 'BinaryExpression' && right.operator === '+'
    && ((named(right.left as Node, counter) && one(right.right as Node)) || (one(right.left as Node) && named(right.right as Node, counter)));
}

/** The connection listeners' function bodies (inline functions, or a function named by its identifier). */
function listeners(program: Node): Node[] {
  const declared = new Map<string, Node>();
  for (const node of nodes(program, true)) {
    if (node.type === 'FunctionDeclaration' && node.id) declared.set((node.id as Node).name as string, node);
    if (node.type === 'VariableDeclarator' && (node.id as Node).type === 'Identifier' && isNode(node.init) && FUNCTIONS.has(node.init.type)) {
      declared.set((node.id as Node).name as string, node.init);
    }
  }
  const found: Node[] = [];
  for (const node of nodes(program, true)) {
    if (!methodCall(node, ['on', 'addListener', 'once']) || !['connection', 'connect'].includes(stringArg(node, 0) ?? '')) continue;
    let fn: Node | undefined = (node.arguments as Node[])[1];
    if (fn?.type === 'Identifier') fn = declared.get(fn.name as string);
    if (fn && FUNCTIONS.has(fn.type) && (fn.body as Node).type === 'BlockStatement') found.push(fn.body as Node);
  }
  return found;
}

/** Judges the order in a connection listener's body, or undefined when it emits no `event`. */
function judge(body: Node, event: string): Order | undefined {
  const own = [...nodes(body, false)];
  const emit = own.find((node) => methodCall(node, ['emit']) && stringArg(node, 0) === event);
  if (!emit) return undefined;
  const value = (emit.arguments as Node[])[1];
  if (value?.type === 'UpdateExpression' && value.operator === '++' && (value.argument as Node).type === 'Identifier') {
    return value.prefix ? { verdict: 'counted' } : { verdict: 'postfix', counter: (value.argument as Node).name as string, line: lineOf(value) };
  }
  if (value?.type === 'AssignmentExpression' && (value.left as Node).type === 'Identifier' && increments(value, (value.left as Node).name as string)) return { verdict: 'counted' };
  if (value?.type !== 'Identifier') return { verdict: 'unknown', why: 'no-increment-found' };
  const counter = value.name as string;
  const ups = own.filter((node) => increments(node, counter));
  if (ups.some((up) => up.end <= emit.start)) return { verdict: 'counted' };
  const after = ups.find((up) => up.start >= emit.end);
  if (after) return { verdict: 'emit-first', counter, emitLine: lineOf(emit), incrementLine: lineOf(after) };
  return { verdict: 'unknown', why: 'no-increment-found' };
}

let parserImported = false;

/** Whether this thread has loaded the parser (a run of the hints never does). */
export function parserLoaded(): boolean {
  return parserImported;
}

/** The order in `source` (server.js's text) for `event`. Never throws. */
export async function newcomerOrder(source: string, event = 'user count'): Promise<Order> {
  const { parse } = await import('acorn');
  parserImported = true;
  let program: Node | undefined;
  for (const sourceType of ['script', 'module'] as const) {
    try {
      program = parse(String(source), {
        ecmaVersion: 'latest',
        sourceType,
        locations: true,
        allowHashBang: true,
        allowReturnOutsideFunction: sourceType === 'script',
        allowAwaitOutsideFunction: true,
      }) as unknown as Node;
      break;
    } catch {
      // Not a script: a module, perhaps; else unreadable (or nested deeper than the parser's stack).
    }
  }
  if (!program) return { verdict: 'unknown', why: 'unparsed' };
  try {
    const verdicts = listeners(program).map((body) => judge(body, event)).filter((order) => order !== undefined);
    return verdicts.find((order) => order.verdict !== 'unknown') ?? verdicts[0] ?? { verdict: 'unknown', why: 'no-listener' };
  } catch {
    return { verdict: 'unknown', why: 'unparsed' };
  }
}

/** The `sourceOrder` helper of behaviour checks. */
export type { Note };

export const SOURCE_ORDER = Object.freeze({ newcomer: newcomerOrder });

/** A note for a check's verdict; its params made plain values. */
export function noteOf(key: string, params: Record<string, unknown>): Note {
  const plain: Note['params'] = {};
  for (const [name, value] of Object.entries(params)) {
    plain[name] = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as string) : String(value);
  }
  return { key: String(key), params: plain };
}
