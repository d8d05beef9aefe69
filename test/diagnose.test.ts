// What a failed check's fetch says about its failure (checker/run/diagnose.ts): the status
// boundaries, where an error page with a stack trace is told apart from a plain error.
import { expect } from 'chai';
import { splitAssertion, toFailure } from '../checker/run/diagnose.ts';
import type { FetchRecord } from '../checker/run/fetch.ts';

const URL_ = 'http://127.0.0.1:3000/_api/server.js';
const answered = (status: number, trace: boolean): FetchRecord => ({ url: URL_, status, statusText: 'Status', bytes: 10, kind: 'text', trace });
const thrown = () => Object.assign(new Error('Status'), { name: 'Error' });

describe('a failed check told by what its fetch got (diagnose.ts)', () => {
  it('500 with a stack trace in the body: the app crashed (app-error), the trace not repeated', () => {
    expect(toFailure(thrown(), [answered(500, true)])).to.deep.include({ reason: 'http-status', key: 'app-error', params: { url: URL_, status: 500 } });
  });

  it('499 with a stack trace: a plain error status, not a crash', () => {
    expect(toFailure(thrown(), [answered(499, true)])).to.deep.include({ reason: 'http-status', key: 'http-status', params: { url: URL_, status: 499, statusText: 'Status' } });
  });

  it('500 without a trace: a server error, with its status text', () => {
    expect(toFailure(thrown(), [answered(500, false)])).to.deep.include({ reason: 'http-status', key: 'server-error', params: { url: URL_, status: 500, statusText: 'Status' } });
  });

  it('404 and 400: not found, and any other status', () => {
    expect(toFailure(thrown(), [answered(404, false)])).to.deep.include({ key: 'not-found', params: { url: URL_ } });
    expect(toFailure(thrown(), [answered(400, false)])).to.deep.include({ key: 'http-status' });
  });

  it('399 is an answer, not an error status: the check\'s own error is told', () => {
    expect(toFailure(thrown(), [answered(399, false)])).to.deep.include({ reason: 'error', key: 'check-error' });
  });
});

describe("chai's assertion text, split as freeCodeCamp shows it", () => {
  it("keeps the check's own message apart from the pattern, and an empty message empty", () => {
    expect(splitAssertion("Declare currentUsers: expected 'let x' to match /currentUsers/")).to.deep.equal({ message: 'Declare currentUsers', pattern: '/currentUsers/' });
    expect(splitAssertion(": expected 'let x' to not match /y/g")).to.deep.equal({ message: '', pattern: '/y/g' });
    expect(splitAssertion('expected 1 to equal 2')).to.deep.equal({ message: 'expected 1 to equal 2', pattern: '' });
  });
});
