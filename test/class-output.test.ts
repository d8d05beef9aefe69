// The end of a class run: the report on stdout first, then each report file on its own,
// so that one output failing (a render that throws, a write that fails) loses no other.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { writeReports, type ReportFile } from '../checker/cli/class-main.ts';
import { translator } from '../checker/i18n/index.ts';
import type { ClassResults } from '../checker/types.ts';

const t = translator('en');
const RESULTS: ClassResults = { step: 'communicate-by-emitting', id: 'abc', lang: 'en', learners: [], problems: [], ms: 0 };

function io() {
  const out = { stdout: '', stderr: '' };
  const stream = (name: 'stdout' | 'stderr') => new PassThrough().on('data', (chunk: Buffer) => (out[name] += chunk.toString()));
  return { io: { stdout: stream('stdout'), stderr: stream('stderr'), env: {} }, out };
}

/** What renderJunit threw on three learners whose apps sent 30 MiB each, before texts were cut. */
const tooLong = () => {
  throw new RangeError('Invalid string length');
};

describe('writeReports', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kit-out-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the report on stdout and every file, and says so', async () => {
    const { io: streams, out } = io();
    const files: ReportFile[] = [
      { file: path.join(dir, 'a.csv'), render: () => 'csv' },
      { file: path.join(dir, 'a.xml'), render: () => 'xml' },
    ];
    expect(await writeReports(RESULTS, files, () => 'table', streams, t)).to.equal(true);
    expect(out).to.deep.equal({ stdout: 'table\n', stderr: '' });
    expect(readFileSync(path.join(dir, 'a.csv'), 'utf8')).to.equal('csv');
    expect(readFileSync(path.join(dir, 'a.xml'), 'utf8')).to.equal('xml');
  });

  it('names a file whose report cannot be made, and still prints and writes the others', async () => {
    const { io: streams, out } = io();
    const files: ReportFile[] = [
      { file: path.join(dir, 'a.xml'), render: tooLong },
      { file: path.join(dir, 'a.csv'), render: () => 'csv' },
    ];
    expect(await writeReports(RESULTS, files, () => 'table', streams, t)).to.equal(false);
    expect(out).to.deep.equal({ stdout: 'table\n', stderr: `check: cannot write the report ${path.join(dir, 'a.xml')} (RangeError: Invalid string length)\n` });
    expect(existsSync(path.join(dir, 'a.xml'))).to.equal(false);
    expect(readFileSync(path.join(dir, 'a.csv'), 'utf8')).to.equal('csv');
  });

  it('says when the report for stdout cannot be made, and still writes the files', async () => {
    const { io: streams, out } = io();
    expect(await writeReports(RESULTS, [{ file: path.join(dir, 'a.csv'), render: () => 'csv' }], tooLong, streams, t)).to.equal(false);
    expect(out).to.deep.equal({ stdout: '', stderr: 'check: cannot print the report (RangeError: Invalid string length)\n' });
    expect(readFileSync(path.join(dir, 'a.csv'), 'utf8')).to.equal('csv');
  });
});
