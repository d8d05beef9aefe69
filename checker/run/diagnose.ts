import type { Failure } from '../types.ts';
import { CheckFailure } from './failure.ts';
import type { FetchRecord } from './fetch.ts';

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

/** Why an assertion failed, when what was fetched explains it better than the pattern. */
function explainFetch(record: FetchRecord | undefined): Omit<Failure, 'message'> | undefined {
  if (!record) return undefined;
  const { url, status, statusText } = record;
  if (status >= 400) return { reason: 'http-status', key: 'http-status', params: { url, status, statusText } };
  if (record.kind === 'html') return { reason: 'not-javascript', key: 'not-javascript', params: { url, status } };
  if (record.kind === 'empty') return { reason: 'empty-body', key: 'empty-body', params: { url, status } };
  return undefined;
}

const firstLine = (text: string) => text.split('\n')[0].slice(0, 300);

/** Any error a check threw, as a Failure record (plain data, safe to post between threads). */
export function toFailure(err: unknown, fetched: FetchRecord[]): Failure {
  if (err instanceof CheckFailure) return err.toFailure();
  const error = err as { name?: string; message?: string } | undefined;
  if (error?.name === 'AssertionError') {
    const { message, pattern } = splitAssertion(String(error.message ?? ''));
    const last = fetched.at(-1);
    const explained = explainFetch(last);
    if (explained) return { ...explained, message };
    return { reason: 'assertion', key: 'assertion', params: { url: last?.url ?? '', pattern }, message };
  }
  if (error?.name === 'SyntaxError') return { reason: 'error', key: 'check-syntax', params: { message: firstLine(String(error.message)) } };
  const message = firstLine(String(error?.message ?? err));
  return { reason: 'error', key: 'check-error', params: { message } };
}
