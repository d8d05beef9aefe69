// The engine the learner's public/client.js runs in: QuickJS compiled to WebAssembly
// (quickjs-emscripten), a JavaScript engine of its own inside the worker. client.js is
// untrusted: a roster runs whatever those apps serve. Nothing of Node exists in there, the
// page gets no host function at all, and only JSON text crosses, in both directions
// (see page.ts). Time is bounded by an interrupt handler, memory by the runtime's limit
// and by the engine's own heap, which the handler also watches.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSSyncVariant, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { baselineWasmOnly } from '../wasm-baseline.ts';
import { head } from '../text/cut.ts';
import { PAGE_PRELUDE } from './page.ts';

/** What the page may use, per check. */
export interface PageLimits {
  /** Time the page's own code may run, all its turns together. */
  cpuMs: number;
  /** Memory the page may take. */
  memoryBytes: number;
}

export const PAGE_LIMITS: PageLimits = { cpuMs: 1000, memoryBytes: 32 * 1024 * 1024 };

/** QuickJS's stack: deep enough for any client file, shallow enough that Node's own never overflows first. */
const STACK_BYTES = 128 * 1024;

/** An error the learner's code threw, as the page describes it. */
export interface PageError {
  name: string;
  message: string;
  line: number | null;
  where?: 'ready' | 'timer' | 'listener';
}

/** Why the engine stopped the page's code. */
export class PageStopped extends Error {
  constructor(readonly why: 'time' | 'memory') {
    super(why);
  }
}

/** WebAssembly pages (64 KiB): the engine starts at 16 MiB and may grow by the page's memory and 16 MiB more, never further. */
const ENGINE_PAGES_AT_START = 256;
const ENGINE_PAGES_MAX = ENGINE_PAGES_AT_START + (PAGE_LIMITS.memoryBytes + 16 * 1024 * 1024) / 65536;

type ModuleWithHeap = QuickJSWASMModule & { module?: { HEAPU8?: Uint8Array } };

let engine: Promise<ModuleWithHeap> | undefined;

/**
 * The engine, loaded on first use: a run of the hints never loads it. One per worker; one
 * a hostile page made grow is dropped (see close), so the next page gets a fresh one.
 */
function loadEngine(): Promise<ModuleWithHeap> {
  engine ??= (async () => {
    baselineWasmOnly();
    // The variant with a .wasm file beside it, read as bytes: the single-file one carries
    // them as base64 text, which took ~33 ms more to decode and load in each worker. The
    // file is found from where this code runs (source, dist/ or a worker bundle), as
    // require() would, since a bundle's import.meta.url is not the package's.
    const wasmFile = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    const [{ newQuickJSWASMModuleFromVariant, newVariant }, { default: variant }, wasmBinary] = await Promise.all([
      import('quickjs-emscripten-core'),
      // Its types are CommonJS ones, read from ES modules as the whole module: the variant is its default.
      import('@jitl/quickjs-wasmfile-release-sync') as Promise<unknown> as Promise<{ default: QuickJSSyncVariant }>,
      readFile(wasmFile),
    ]);
    // The engine's whole memory, capped: QuickJS's own limit counts allocations loosely in
    // this build, and its interrupt handler runs only every few thousand operations, so a
    // loop of large allocations could outrun both. Past the cap, an allocation fails and
    // QuickJS throws "out of memory" inside the page.
    const wasmMemory = new WebAssembly.Memory({ initial: ENGINE_PAGES_AT_START, maximum: ENGINE_PAGES_MAX });
    const bytes = wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength);
    return (await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmMemory, wasmBinary: bytes }))) as ModuleWithHeap;
  })();
  engine.catch(() => (engine = undefined));
  return engine;
}

/**
 * Starts loading the engine without waiting for it: a behaviour series calls this as it
 * starts, so the engine compiles while the first checks wait on the app.
 */
export function warmEngine(): void {
  loadEngine().catch(() => {});
}

/** Whether this thread has loaded the engine (a run of the hints never does). */
export function engineLoaded(): boolean {
  return engine !== undefined;
}

function heapOf(module: ModuleWithHeap): number {
  return module.module?.HEAPU8?.buffer.byteLength ?? 0;
}

/** A page with the learner's script in it. Every method runs page code within the limits, or throws PageStopped. */
export class Page {
  private spent = 0;
  private stopped: PageStopped | undefined;
  private closed = false;
  /** The events the page listens for, as its last call left them; undefined once page code may have changed them. */
  private listening: Listening | undefined;

  private constructor(
    private readonly module: ModuleWithHeap,
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly kit: QuickJSHandle,
    private readonly heapAtStart: number,
    private readonly limits: PageLimits
  ) {}

  static async open(pageUrl: string, limits: PageLimits = PAGE_LIMITS): Promise<Page> {
    const module = await loadEngine();
    const runtime = module.newRuntime();
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(STACK_BYTES);
    const context = runtime.newContext();
    const prelude = context.evalCode(PAGE_PRELUDE, 'page.js');
    if (prelude.error) {
      const problem = context.dump(prelude.error);
      prelude.error.dispose();
      context.dispose();
      runtime.dispose();
      throw new Error(`the page model did not load: ${JSON.stringify(problem)}`);
    }
    const page = new Page(module, runtime, context, prelude.value, heapOf(module), limits);
    const url = new URL(pageUrl);
    page.call('setup', JSON.stringify({ href: url.href, origin: url.origin, host: url.host, hostname: url.hostname, port: url.port, protocol: url.protocol, pathname: url.pathname }));
    return page;
  }

  /** Runs `work` with the interrupt handler armed for what is left of the page's time. */
  private guarded<T>(work: () => T): T {
    if (this.stopped) throw this.stopped;
    if (this.closed) throw new Error('the page is closed');
    this.listening = undefined;
    const started = performance.now();
    const deadline = started + Math.max(0, this.limits.cpuMs - this.spent);
    const heapCap = this.heapAtStart + this.limits.memoryBytes;
    this.runtime.setInterruptHandler(() => {
      if (heapOf(this.module) > heapCap) this.stopped ??= new PageStopped('memory');
      else if (performance.now() > deadline) this.stopped ??= new PageStopped('time');
      return Boolean(this.stopped);
    });
    try {
      return work();
    } catch (err) {
      // The engine itself failed (Node's stack, an abort inside WebAssembly): never reuse it.
      engine = undefined;
      throw err;
    } finally {
      this.spent += performance.now() - started;
      this.runtime.removeInterruptHandler();
    }
  }

  /** An error handle as a PageError, or PageStopped when the engine stopped the code. */
  private failure(handle: QuickJSHandle): PageError {
    const dumped: unknown = this.context.dump(handle);
    handle.dispose();
    if (this.stopped) throw this.stopped;
    const value = (typeof dumped === 'object' && dumped !== null ? dumped : { message: String(dumped) }) as Record<string, unknown>;
    const message = String(value.message ?? '');
    // QuickJS's words when its runtime's own memory limit is reached.
    if (value.name === 'InternalError' && /out of memory/.test(message)) throw (this.stopped = new PageStopped('memory'));
    const line = typeof value.lineNumber === 'number' ? value.lineNumber : Number(/client\.js:(\d+)/.exec(String(value.stack ?? ''))?.[1]) || null;
    return { name: typeof value.name === 'string' ? head(value.name, 100) : 'Error', message: head(message, 300), line };
  }

  /** Calls a function of the page's `__kit` with text arguments; its answer is JSON text. */
  private call(name: string, ...args: string[]): unknown {
    return this.guarded(() => {
      const fn = this.context.getProp(this.kit, name);
      const handles = args.map((arg) => this.context.newString(arg));
      const result = this.context.callFunction(fn, this.context.undefined, ...handles);
      fn.dispose();
      for (const handle of handles) handle.dispose();
      if (result.error) {
        const problem = this.failure(result.error);
        throw new Error(`page.${name}: ${problem.name}: ${problem.message}`);
      }
      const text = this.context.typeof(result.value) === 'string' ? this.context.getString(result.value) : 'null';
      result.value.dispose();
      const answer = JSON.parse(text) as unknown;
      // The page said what it listens for before its promise jobs ran; that holds only if
      // none ran (a job may add a listener), else the next event is sent in to find out.
      if (this.jobs() === 0 && isListening(answer)) this.listening = { listens: answer.listens, complete: answer.complete };
      return answer;
    });
  }

  /** Runs the promise jobs the page's code queued, within its limits; how many ran. */
  private jobs(): number {
    const done = this.runtime.executePendingJobs(1000);
    if (done.error) {
      done.error.dispose();
      if (this.stopped) throw this.stopped;
      return 1;
    }
    return done.value;
  }

  /** Evaluates the learner's script as the page's classic script; its error, if it threw. */
  load(source: string): PageError | undefined {
    return this.guarded(() => {
      const result = this.context.evalCode(source, 'client.js');
      if (result.error) return this.failure(result.error);
      result.value.dispose();
      this.jobs();
      return undefined;
    });
  }

  /** The page is ready: jQuery's ready callbacks and DOMContentLoaded listeners run. */
  loaded(): { sockets: number; errors: PageError[] } {
    return this.call('loaded') as { sockets: number; errors: PageError[] };
  }

  /** Due timers on the page's clock (ms since it loaded). */
  tick(elapsedMs: number): void {
    this.call('tick', String(Math.floor(elapsedMs)));
  }

  /** An event from the app to the page's socket `index`; what its listeners did. */
  deliver(index: number, event: string, args: unknown[]): Delivery {
    // An event no listener waits for does nothing in a browser; here each costs a call into
    // the engine (about 16 µs), charged to the page's time: an app replaying 20 000 chat
    // messages before the count would use up the learner's second for the kit's work.
    const known = this.listening;
    if (index === 0 && event !== 'connect' && known?.complete && !known.listens.includes(event) && !this.stopped && !this.closed) {
      return { listeners: 0, error: null, listens: known.listens.slice() };
    }
    const { listeners, error, listens } = this.call('deliver', String(index), eventText([event, ...args])) as Delivery;
    return { listeners, error, listens };
  }

  /** Frees the page; an engine the page made grow by more than its memory is dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.kit.dispose();
      this.context.dispose();
      this.runtime.dispose();
    } catch {
      engine = undefined;
    }
    if (heapOf(this.module) > this.heapAtStart + this.limits.memoryBytes / 2) engine = undefined;
  }
}

/** The events the page's first socket listens for: the first few, and whether that is all. */
interface Listening {
  listens: string[];
  complete: boolean;
}

function isListening(answer: unknown): answer is Listening {
  const { listens, complete } = (answer ?? {}) as Partial<Listening>;
  return Array.isArray(listens) && listens.every((e) => typeof e === 'string') && typeof complete === 'boolean';
}

/** What the page's listeners did with one event. */
export interface Delivery {
  listeners: number;
  error: PageError | null;
  /** The events the socket has listeners for. */
  listens: string[];
}

/** Levels of nesting an event keeps in the page (data of a count is a number, a chat message text). */
const EVENT_DEPTH = 20;

/**
 * An event as JSON text for the page, cut at EVENT_DEPTH levels (deeper data becomes null).
 * An app may send an array 200 000 deep, which a browser's parser still reads: whole, it
 * would overflow JSON.stringify's stack here (Node 20 to 24) or, where V8 writes it without
 * recursion (Node 26), the page engine's own parser. Cut, the page's listeners are called
 * all the same, and the check judges them rather than stopping on a stack of the kit's.
 */
function eventText(event: unknown[]): string {
  return JSON.stringify(cut(event, EVENT_DEPTH));
}

function cut(value: unknown, depth: number): unknown {
  // Binary data crosses as its size only: as JSON a 512 KiB buffer is ~1.5 MB of numbers,
  // which held the thread long enough to miss the events that followed.
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return { binary: value.byteLength };
  const json = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  if (json === null || typeof json !== 'object') return json;
  if (depth === 0) return null;
  if (Array.isArray(json)) return json.map((item) => cut(item, depth - 1));
  return Object.fromEntries(Object.entries(json).map(([key, item]) => [key, cut(item, depth - 1)]));
}
