// What an app sent, as text for a failure's message, whatever its shape: an array nested
// 200 000 deep, a million elements, an object whose getters or toString throw. For plain
// JSON data of ordinary size it is JSON.stringify's text; past a depth or a length it
// says `…` instead of walking on, and it never calls the value's own methods.

import { ELLIPSIS, head } from '../text/cut.ts';

/** Depth past which nested arrays and objects are shown as `[…]` and `{…}`. */
const MAX_DEPTH = 20;

/** Characters written before the text stops with `…` (failure parameters keep 200). */
const MAX_CHARS = 400;

/** The value as JSON-like text, at most about MAX_CHARS characters; never throws. */
export function describeValue(value: unknown): string {
  const out: string[] = [];
  let length = 0;
  /** Adds `text`; false once the limit is reached, so that the walk stops there. */
  const write = (text: string): boolean => {
    if (length >= MAX_CHARS) return false;
    out.push(text);
    length += text.length;
    return true;
  };

  function walk(node: unknown, depth: number): boolean {
    switch (typeof node) {
      case 'string':
        return write(JSON.stringify(head(node, MAX_CHARS)));
      case 'number':
      case 'boolean':
        return write(JSON.stringify(node));
      case 'undefined':
        return write('undefined');
      case 'bigint':
        return write(`${node.toString()}n`);
      case 'symbol':
        return write('Symbol()');
      case 'function':
        return write('function');
    }
    if (node === null) return write('null');
    if (ArrayBuffer.isView(node)) return write(`<${node.byteLength} bytes>`);
    if (node instanceof ArrayBuffer) return write(`<${node.byteLength} bytes>`);
    if (Array.isArray(node)) {
      if (depth >= MAX_DEPTH) return write('[…]');
      if (!write('[')) return false;
      for (let i = 0; i < node.length; i++) {
        if (i > 0 && !write(',')) return false;
        if (!walk(read(node, i), depth + 1)) return false;
      }
      return write(']');
    }
    if (depth >= MAX_DEPTH) return write('{…}');
    if (!write('{')) return false;
    let first = true;
    for (const key of keysOf(node as object)) {
      if (!first && !write(',')) return false;
      first = false;
      if (!write(`${JSON.stringify(key)}:`)) return false;
      if (!walk(read(node, key), depth + 1)) return false;
    }
    return write('}');
  }

  try {
    const whole = walk(value, 0);
    const text = out.join('');
    // The ellipsis says something was left out: not for a text of exactly the limit.
    return whole && text.length <= MAX_CHARS ? text : `${head(text, MAX_CHARS)}${ELLIPSIS}`;
  } catch {
    // A proxy, or anything else that throws while it is read.
    return typeof value;
  }
}

/** A property's value, or a note when reading it throws (a getter). */
function read(node: unknown, key: string | number): unknown {
  try {
    return (node as Record<string | number, unknown>)[key];
  } catch {
    return '<unreadable>';
  }
}

function keysOf(node: object): string[] {
  try {
    return Object.keys(node);
  } catch {
    return [];
  }
}
