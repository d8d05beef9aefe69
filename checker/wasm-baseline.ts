import v8 from 'node:v8';

let set = false;

/**
 * Keeps V8 to its baseline WebAssembly compiler (Liftoff) for this process. The kit's
 * WebAssembly is undici's HTTP parser (llhttp) and the page engine (QuickJS); V8 would
 * otherwise compile each again, optimised, on background threads: measured on Node 20,
 * 250-350 ms more CPU per check command and 23 MB more memory for llhttp, some 350 ms for
 * QuickJS, for code that reads a few kilobytes and runs a few lines per check. A flag of
 * the whole process (nothing else in it is WebAssembly); a Node.js that ignores it is
 * just slower. Called by each user before its first compile; the flags are set once.
 */
export function baselineWasmOnly(): void {
  if (set) return;
  set = true;
  // Set at run time, --liftoff-only alone does not bring the flags it implies on Node 24
  // and 26 (V8 draws implications when it starts), so they are set too: without them a
  // hints-only check there took 107 MB instead of 90, and 0.1 s more CPU (test/wasm.test.ts).
  v8.setFlagsFromString('--liftoff-only');
  v8.setFlagsFromString('--no-wasm-tier-up');
  v8.setFlagsFromString('--no-wasm-dynamic-tiering');
}
