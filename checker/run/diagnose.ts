import { head } from '../text/cut.ts';
import type { Failure } from '../types.ts';
import { bounded, CheckFailure } from './failure.ts';
import type { FetchRecord } from './fetch.ts';

/** The check's code itself does not parse: a problem of the step file, not of the app. */
export class CheckSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckSyntaxError';
  }
}

/**
 * chai writes `<message>: expected '<value…>' to match /re/`; freeCodeCamp shows
 * only the check's own message, so we keep it apart from the pattern.
 */
export function splitAssertion(text: string): { message: string; pattern: string } {
  const at = text.indexOf(': expected ');
  const message = at >= 0 ? text.slice(0, at) : text;
  const pattern = /to (?:not )?match (\/.*\/[a-z]*)$/s.exec(text)?.[1] ?? '';
  return { message, pattern };
}

type Explained = Omit<Failure, 'message'>;

/** An error status, in the words that help most; a stack trace in the body is never repeated. */
function explainStatus({ url, status, statusText, trace, file }: FetchRecord): Explained {
  if (file) return { reason: 'unreadable', key: 'no-file', params: { file: url } };
  if (status >= 500 && trace) return { reason: 'http-status', key: 'app-error', params: { url, status } };
  if (status >= 500) return { reason: 'http-status', key: 'server-error', params: { url, status, statusText } };
  if (status === 404) return { reason: 'http-status', key: 'not-found', params: { url } };
  return { reason: 'http-status', key: 'http-status', params: { url, status, statusText } };
}

/** Why a check failed, when what was fetched explains it better than the check's own error. */
function explainFetch(record: FetchRecord | undefined): Explained | undefined {
  if (!record) return undefined;
  const { url, status } = record;
  if (status >= 400) return explainStatus(record);
  if (record.kind === 'html' && record.redirectedFrom) {
    return { reason: 'not-javascript', key: 'redirected-to-html', params: { url: record.redirectedFrom, location: url } };
  }
  if (record.kind === 'html') return { reason: 'not-javascript', key: 'not-javascript', params: { url, status } };
  if (record.kind === 'empty') return { reason: 'empty-body', key: 'empty-body', params: { url, status } };
  return undefined;
}

const firstLine = (text: string) => head(text.split('\n')[0], 300);

/**
 * Any error a check threw, as a Failure record (plain data, safe to post between threads).
 * Every failure a check ends with passes here, so this is where its texts are cut short.
 */
export function toFailure(err: unknown, fetched: FetchRecord[], networkFailure?: CheckFailure): Failure {
  return bounded(diagnose(err, fetched, networkFailure));
}

function diagnose(err: unknown, fetched: FetchRecord[], networkFailure?: CheckFailure): Failure {
  if (err instanceof CheckFailure) return err.toFailure();
  const error = err as { name?: string; message?: string } | undefined;
  if (error?.name === 'CheckSyntaxError') return { reason: 'error', key: 'check-syntax', params: { message: firstLine(String(error.message)) } };
  const last = fetched.at(-1);
  const explained = explainFetch(last);
  if (error?.name === 'AssertionError') {
    const { message, pattern } = splitAssertion(String(error.message ?? ''));
    if (explained) return { ...explained, message };
    // Text that is not UTF-8 (a file saved as Latin-1, say) cannot match what the hint looks for.
    if (last?.kind === 'not-utf8') return { reason: 'assertion', key: 'not-utf8', params: { url: last.url }, message };
    return { reason: 'assertion', key: 'assertion', params: { url: last?.url ?? '', pattern }, message };
  }
  // Older hints throw their own error for a bad answer (`throw new Error(xhr.statusText)`),
  // and `res.json()` of an HTML page throws too: what came back says more than either,
  // and when nothing came back, what stopped it.
  if (explained) return explained;
  if (networkFailure) return networkFailure.toFailure();
  return { reason: 'error', key: 'check-error', params: { message: firstLine(String(error?.message ?? err)) } };
}
