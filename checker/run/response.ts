// The Response a check's `fetch` resolves to: the part of the Fetch standard that
// freeCodeCamp's hints use (status, ok, headers.get, text, json...), over a body that
// is already read and capped. Built here because loading the platform's Response
// costs ~27 ms per process, a quarter of a whole cold check.

import type { IncomingHttpHeaders } from 'node:http';

/** Response headers, read-only, with the Headers methods checks call. */
export class FetchHeaders {
  readonly #map = new Map<string, string[]>();

  constructor(init: IncomingHttpHeaders | Record<string, string> = {}) {
    for (const [name, value] of Object.entries(init)) {
      if (value === undefined) continue;
      this.#map.set(name.toLowerCase(), Array.isArray(value) ? value : [String(value)]);
    }
  }

  get(name: string): string | null {
    const values = this.#map.get(String(name).toLowerCase());
    return values ? values.join(', ') : null;
  }

  has(name: string): boolean {
    return this.#map.has(String(name).toLowerCase());
  }

  getSetCookie(): string[] {
    return [...(this.#map.get('set-cookie') ?? [])];
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#map.keys()].sort()) yield [name, this.get(name)!];
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, headers: FetchHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

export interface ResponseInit {
  status: number;
  statusText: string;
  headers: FetchHeaders;
  url: string;
  redirected: boolean;
}

/** A whole answer; its body may be read once, as with fetch. */
export class FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: FetchHeaders;
  readonly url: string;
  readonly redirected: boolean;
  readonly type = 'basic';
  #body: Buffer | null;
  #used = false;

  constructor(body: Buffer | null, init: ResponseInit) {
    this.#body = body;
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.url = init.url;
    this.redirected = init.redirected;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  #take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#body ?? Buffer.alloc(0);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.#take();
    return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(this.#take());
  }

  /** UTF-8, with U+FFFD for bytes that are not, as fetch decodes (a BOM is dropped). */
  async text(): Promise<string> {
    return new TextDecoder('utf-8').decode(this.#take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async blob(): Promise<Blob> {
    return new Blob([new Uint8Array(this.#take())], { type: this.headers.get('content-type') ?? '' });
  }

  clone(): FetchResponse {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new FetchResponse(this.#body, this);
  }
}
