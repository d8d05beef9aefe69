// `$` for freeCodeCamp's challenge files of 2021-2023, whose hints call jQuery:
//   $.get(getUserInput('url') + '/_api/server.js').then(data => {...}, xhr => { throw new Error(xhr.statusText); })
// freeCodeCamp's test page had jQuery; this gives those files the part they use,
// behaving as jQuery 3 does for a cross-origin GET, over the check's own capped fetch.

import { CheckFailure } from './failure.ts';
import type { CheckFetch } from './fetch.ts';
import type { FetchResponse } from './response.ts';

/** What jQuery hands to callbacks as `jqXHR`: the answer's status and text. */
export interface JqXhr {
  readyState: 4 | 0;
  status: number;
  statusText: string;
  responseText: string;
  responseJSON?: unknown;
  getResponseHeader(name: string): string | null;
}

/** jQuery's callbacks: `done` (and `then`'s first) on success, `fail` (and `then`'s second) on an error status or no answer. */
type DoneCallback = (data: unknown, textStatus: string, xhr: JqXhr) => unknown;
type FailCallback = (xhr: JqXhr, textStatus: string, errorThrown: string) => unknown;
type Settled = { ok: true; data: unknown; xhr: JqXhr } | { ok: false; xhr: JqXhr; textStatus: string; errorThrown: string };

/** The object `$.get` returns: a jqXHR that is also a thenable (so `await` works), as in jQuery 3. */
export interface JqPromise extends JqXhr {
  then(onOk?: DoneCallback | null, onFail?: FailCallback | null): Promise<unknown>;
  done(callback: DoneCallback): JqPromise;
  fail(callback: FailCallback): JqPromise;
  always(callback: (...args: unknown[]) => unknown): JqPromise;
  catch(onFail: FailCallback): Promise<unknown>;
}

function xhrOf(res: FetchResponse | undefined, text: string): JqXhr {
  return {
    readyState: res ? 4 : 0,
    status: res?.status ?? 0,
    statusText: res ? res.statusText || String(res.status) : 'error',
    responseText: text,
    getResponseHeader: (name) => res?.headers.get(name) ?? null,
  };
}

/** `?a=1&b=2` from jQuery's `data` argument (an object or a query string). */
function withData(url: string, data: unknown): string {
  if (data === undefined || data === null || typeof data === 'function') return url;
  const query = typeof data === 'string' ? data : new URLSearchParams(Object.entries(data as Record<string, unknown>).map(([k, v]) => [k, String(v)])).toString();
  return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

/**
 * `$` with `get` and `getJSON`. A failure of the network itself (nothing answered,
 * a timeout, a body over the cap) reaches the check's failure callback as jQuery's
 * status 0, and `onNetworkFailure`, so the report can still say what happened.
 */
export function createJQuery(fetch: CheckFetch, onNetworkFailure: (failure: CheckFailure) => void) {
  async function settle(url: string, dataType: string | undefined): Promise<Settled> {
    let res: FetchResponse;
    try {
      res = await fetch(url);
    } catch (err) {
      if (err instanceof CheckFailure) onNetworkFailure(err);
      return { ok: false, xhr: xhrOf(undefined, ''), textStatus: 'error', errorThrown: '' };
    }
    const text = await res.text();
    const xhr = xhrOf(res, text);
    if (!(res.ok || res.status === 304)) return { ok: false, xhr, textStatus: 'error', errorThrown: res.statusText };
    // jQuery guesses JSON from the Content-Type; cross-origin scripts are never run, only read as text.
    const json = dataType === 'json' || (!dataType && /\bjson\b/i.test(res.headers.get('content-type') ?? ''));
    if (!json) return { ok: true, data: text, xhr };
    try {
      const data: unknown = JSON.parse(text);
      xhr.responseJSON = data;
      return { ok: true, data, xhr };
    } catch (err) {
      return { ok: false, xhr, textStatus: 'parsererror', errorThrown: String(err) };
    }
  }

  function promise(settled: Promise<Settled>, shell: JqXhr): JqPromise {
    const jq: JqPromise = Object.assign(shell, {
      then(onOk?: DoneCallback | null, onFail?: FailCallback | null): Promise<unknown> {
        return settled.then((result) => {
          if (result.ok) return onOk ? onOk(result.data, 'success', result.xhr) : result.data;
          if (onFail) return onFail(result.xhr, result.textStatus, result.errorThrown);
          throw result.xhr;
        });
      },
      catch(onFail: FailCallback) {
        return jq.then(null, onFail);
      },
      done(callback: DoneCallback) {
        void settled.then((r) => r.ok && callback(r.data, 'success', r.xhr)).catch(() => {});
        return jq;
      },
      fail(callback: FailCallback) {
        void settled.then((r) => !r.ok && callback(r.xhr, r.textStatus, r.errorThrown)).catch(() => {});
        return jq;
      },
      always(callback: (...args: unknown[]) => unknown) {
        void settled.then((r) => (r.ok ? callback(r.data, 'success', r.xhr) : callback(r.xhr, r.textStatus, r.errorThrown))).catch(() => {});
        return jq;
      },
    });
    // The jqXHR fields fill in once the answer is there, as jQuery's do. Returning nothing
    // matters: returning `shell`, a thenable, would make this promise adopt it, and so
    // reject (with the jqXHR) after every failed request, where no one listens. A body
    // that could not be read rejects `settled`: the check hears of it through then/catch.
    settled.then(
      (r) => {
        Object.assign(shell, r.xhr);
      },
      () => {}
    );
    return jq;
  }

  function get(url: string, data?: unknown, success?: unknown, dataType?: unknown): JqPromise {
    // jQuery's shifting arguments: $.get(url, success), $.get(url, data, success, dataType).
    if (typeof data === 'function') [dataType, success, data] = [success, data, undefined];
    const settled = settle(withData(String(url), data), typeof dataType === 'string' ? dataType : undefined);
    const jq = promise(settled, xhrOf(undefined, ''));
    if (typeof success === 'function') jq.done(success as DoneCallback);
    return jq;
  }

  function getJSON(url: string, data?: unknown, success?: unknown): JqPromise {
    if (typeof data === 'function') [success, data] = [data, undefined];
    return get(url, data, success, 'json');
  }

  return Object.freeze({ get, getJSON });
}
