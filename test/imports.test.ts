// The house's rules, read from the sources: no import cycle between files nor between rooms
// of checker/, learn/ and scripts/, and checker/index.ts the real surface of the checker for
// learn/ and scripts/. A small walk over the .ts files' import and export-from lines (and
// `import('…')`), no tool: it reads about a hundred files in a few milliseconds.
//
// A room is a folder directly under checker/ with everything below it (run/ holds run/sockets/,
// run/submit/), or learn/, or scripts/; a file directly in checker/ (types.ts, errors.ts,
// index.ts, cli.ts…) is a room of its own, so the types everyone reads and the surface that
// reads everyone are not one room.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TREES = ['checker', 'learn', 'scripts'];

type Graph = Map<string, Set<string>>;

/** Relative specifiers of `import … from`, `export … from`, `import '…'` and `import('…')`, comments aside. */
const SPECIFIERS = /^[ \t]*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|^[ \t]*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function specifiersOf(source: string): string[] {
  return [...source.matchAll(SPECIFIERS)].map((m) => (m[1] ?? m[2] ?? m[3])!).filter((spec) => spec.startsWith('.'));
}

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** File -> the kit's .ts files it imports (paths relative to the repository, with `/`). */
function fileGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of TREES.flatMap(tsFiles)) {
    const deps = new Set<string>();
    for (const spec of specifiersOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      if (target.endsWith('.ts')) deps.add(target);
    }
    graph.set(file, deps);
  }
  return graph;
}

export function roomOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'checker') return parts[0]!;
  return parts.length === 2 ? file : `checker/${parts[1]}`;
}

/** Room -> rooms it imports, and for each such edge one import that makes it, for the message. */
function roomGraph(files: Graph): { graph: Graph; why: Map<string, string> } {
  const graph: Graph = new Map();
  const why = new Map<string, string>();
  for (const [file, deps] of files) {
    const from = roomOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const dep of deps) {
      const to = roomOf(dep);
      if (to === from) continue;
      graph.get(from)!.add(to);
      if (!why.has(`${from} ${to}`)) why.set(`${from} ${to}`, `${file} imports ${dep}`);
    }
  }
  return { graph, why };
}

/** Every cycle's strongly connected part, each told as one cycle through it: `a -> b -> a`. */
export function cycles(graph: Graph): string[][] {
  // Tarjan's strongly connected components, iteratively (no recursion limit to think about).
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const parts: string[][] = [];
  const edges = (node: string) => [...(graph.get(node) ?? [])].sort();
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; rest: string[] }> = [];
    const open = (node: string) => {
      index.set(node, next);
      low.set(node, next++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, rest: edges(node) });
    };
    open(start);
    while (work.length > 0) {
      const top = work.at(-1)!;
      const dep = top.rest.shift();
      if (dep !== undefined) {
        if (!index.has(dep)) open(dep);
        else if (onStack.has(dep)) low.set(top.node, Math.min(low.get(top.node)!, index.get(dep)!));
        continue;
      }
      work.pop();
      if (work.length > 0) low.set(work.at(-1)!.node, Math.min(low.get(work.at(-1)!.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const part: string[] = [];
        let node: string;
        do {
          node = stack.pop()!;
          onStack.delete(node);
          part.push(node);
        } while (node !== top.node);
        if (part.length > 1 || graph.get(top.node)?.has(top.node)) parts.push(part);
      }
    }
  }
  return parts.map((part) => cycleThrough(graph, new Set(part)));
}

/** The shortest cycle from the part's first node (by name) back to it, inside the part. */
function cycleThrough(graph: Graph, part: Set<string>): string[] {
  const first = [...part].sort()[0]!;
  const before = new Map<string, string>();
  const queue = [first];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const dep of [...(graph.get(node) ?? [])].sort()) {
      if (!part.has(dep)) continue;
      if (dep === first) {
        const path = [node];
        while (path[0] !== first) path.unshift(before.get(path[0]!)!);
        return [...path, first];
      }
      if (!before.has(dep)) {
        before.set(dep, node);
        queue.push(dep);
      }
    }
  }
  return [first, first];
}

const told = (found: string[][], why?: Map<string, string>) =>
  found
    .map((cycle) => {
      const line = cycle.join(' -> ');
      if (!why) return line;
      const steps = cycle.slice(1).map((to, i) => `    ${why.get(`${cycle[i]} ${to}`)}`);
      return [line, ...steps].join('\n');
    })
    .join('\n');

describe('the house: imports', () => {
  const files = fileGraph();

  describe('the cycle finder', () => {
    const graphOf = (edges: Record<string, string[]>): Graph => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

    it('finds no cycle in a graph that has none', () => {
      expect(cycles(graphOf({ a: ['b', 'c'], b: ['c'], c: [] }))).to.deep.equal([]);
    });

    it('names each cycle, a two-file one and a longer one, and a file importing itself', () => {
      const found = cycles(graphOf({ a: ['b'], b: ['a'], c: ['d'], d: ['e'], e: ['c', 'a'], f: ['f'] }));
      expect(told(found).split('\n').sort()).to.deep.equal(['a -> b -> a', 'c -> d -> e -> c', 'f -> f']);
    });

    it("reads import and export-from lines, side-effect imports and import('…'), not comments or packages", () => {
      const source = [
        "import { a } from './a.ts';",
        "import type {\n  B,\n  C,\n} from '../b.ts';",
        "export { d } from './d.ts';",
        "export * from './e.ts';",
        "import './f.ts';",
        "const g = await import('./g.ts');",
        "// import { h } from './h.ts';",
        "import express from 'express';",
        "import en from './en.json' with { type: 'json' };",
      ].join('\n');
      expect(specifiersOf(source)).to.deep.equal(['./a.ts', '../b.ts', './d.ts', './e.ts', './f.ts', './g.ts', './en.json']);
    });

    it('puts loose files of checker/ in rooms of their own, and sub-folders in their room', () => {
      expect(roomOf('checker/types.ts')).to.equal('checker/types.ts');
      expect(roomOf('checker/run/sockets/agent.ts')).to.equal('checker/run');
      expect(roomOf('learn/app.ts')).to.equal('learn');
    });
  });

  it('reads the sources it should (a walk that found nothing would pass anything)', () => {
    expect(files.size).to.be.greaterThan(80);
    expect(files.get('checker/cli/main.ts')).to.include('checker/cli/watch.ts');
    expect(files.get('learn/app.ts')).to.include('checker/index.ts');
  });

  it('has no import cycle between files', () => {
    const found = cycles(files);
    expect(found, `import cycles between files:\n${told(found)}`).to.deep.equal([]);
  });

  it('has no import cycle between rooms', () => {
    const { graph, why } = roomGraph(files);
    const found = cycles(graph);
    expect(found, `import cycles between rooms:\n${told(found, why)}`).to.deep.equal([]);
  });

  it("makes markdown-it in one module only (checker/step/markdown.ts)", () => {
    const importers = TREES.flatMap(tsFiles).filter((file) => /^[ \t]*import\b[^'"`;]*?\bfrom\s*['"]markdown-it['"]/m.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(importers).to.deep.equal(['checker/step/markdown.ts']);
  });

  describe('checker/index.ts, the surface for learn/ and scripts/', () => {
    const outside = [...files.keys()].filter((file) => !file.startsWith('checker/'));

    it('is the only file of checker/ that learn/ and scripts/ import', () => {
      const around = outside.flatMap((file) => [...files.get(file)!].filter((dep) => dep.startsWith('checker/') && dep !== 'checker/index.ts').map((dep) => `${file} imports ${dep}`));
      expect(around, around.join('\n')).to.deep.equal([]);
    });

    it('exports only what learn/ or scripts/ use', () => {
      const exported = [...readFileSync(path.join(ROOT, 'checker/index.ts'), 'utf8').matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((m) => namesIn(m[1]!));
      expect(exported.length).to.be.greaterThan(20);
      const used = new Set(
        outside.flatMap((file) => [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^[ \t]*(?:import|export)\b[^'"`;]*?\{([^}]*)\}\s*from\s*['"][./]+checker\/index\.ts['"]/gm)].flatMap((m) => namesIn(m[1]!))),
      );
      const unused = exported.filter((name) => !used.has(name));
      expect(unused, `exported by checker/index.ts but used by no file of learn/ or scripts/: ${unused.join(', ')}`).to.deep.equal([]);
    });
  });
});

/** `a, type B, C as D` -> the names as exported: a, B, C. */
function namesIn(list: string): string[] {
  return list
    .split(',')
    .map((item) => item.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim())
    .filter(Boolean);
}
