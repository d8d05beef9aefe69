// Malformed step files: parseStep names every problem with its line, and the CLI
// turns that into exit 2 with one line on stderr naming the file.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { describeError } from '../checker/errors.ts';
import { KitError, type StepFault } from '../checker/errors.ts';
import { translator } from '../checker/i18n/index.ts';
import { parseStep } from '../checker/step/parse.ts';
import { runCli } from './helpers/apps.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/steps/${name}`, import.meta.url));

const FRONT = ['---', 'id: 6a0f00000000000000000009', 'title: T', 'challengeType: 2', 'dashedName: t', '---', ''].join('\n');
const HINT = 'A sentence.\n\n```js\nassert.ok(true);\n```\n';

/** The problems parseStep throws for `text`, as `line key` strings. */
function problemsOf(text: string): string[] {
  try {
    parseStep(text, 'step.md');
  } catch (err) {
    expect(err).to.be.instanceOf(KitError);
    expect((err as KitError).key).to.equal('step.invalid');
    return (err as KitError).faults.map((f: StepFault) => `${f.line} ${f.key}`);
  }
  throw new Error('parseStep accepted a malformed file');
}

describe('parseStep on malformed files', () => {
  it('accepts a well-formed file (the one the cases below break)', () => {
    const step = parseStep(`${FRONT}# --description--\n\nText.\n\n# --hints--\n\n${HINT}`, 'step.md');
    expect(step.checks).to.have.length(1);
    expect(step.checks[0]).to.include({ section: 'hints', text: 'A sentence.', line: 15 });
  });

  it('no front matter: line 1', () => {
    expect(problemsOf(`# --description--\n\nText.\n\n# --hints--\n\n${HINT}`)).to.deep.equal(['1 step.noFrontMatter']);
  });

  it('front matter that is not YAML, or lacks a field', () => {
    const broken = problemsOf(`---\nid: [unclosed\n---\n# --description--\n\nT.\n\n# --hints--\n\n${HINT}`);
    expect(broken.filter((p) => p.endsWith(' step.badFrontMatter'))).to.have.length(1);
    expect(problemsOf(`---\nid: x\ntitle: T\n---\n# --description--\n\nT.\n\n# --hints--\n\n${HINT}`)).to.deep.equal([
      '1 step.missingField',
    ]);
    // dashedName may be missing: older freeCodeCamp files have none (see test/older-forms.test.ts).
    expect(parseStep(`---\nid: x\ntitle: Tê T\nchallengeType: 2\n---\n# --description--\n\nT.\n\n# --hints--\n\n${HINT}`, '6a0f00000000000000000009.md').dashedName).to.equal('te-t');
  });

  it('a hint without code: the line of its sentence', () => {
    expect(problemsOf(`${FRONT}# --description--\n\nT.\n\n# --hints--\n\n${HINT}\nNo code follows.\n`)).to.deep.equal([
      '19 step.textWithoutCode',
    ]);
  });

  it('code without a sentence: the line of the fence', () => {
    expect(problemsOf(`${FRONT}# --description--\n\nT.\n\n# --hints--\n\n\`\`\`js\nassert.ok(true);\n\`\`\`\n`)).to.deep.equal([
      '13 step.codeWithoutText',
    ]);
  });

  it('an odd number of parts: two sentences, one code block, then code alone', () => {
    const text = `${FRONT}# --description--\n\nT.\n\n# --hints--\n\n${HINT}\n\`\`\`js\nassert.ok(1);\n\`\`\`\n`;
    expect(problemsOf(text)).to.deep.equal(['19 step.codeWithoutText']);
  });

  it('an unknown section, and a section twice', () => {
    expect(problemsOf(`${FRONT}# --description--\n\nT.\n\n# --hints--\n\n${HINT}\n# --hintz--\n\nX.\n`)).to.deep.equal([
      '19 step.unknownSection',
    ]);
    expect(problemsOf(`${FRONT}# --description--\n\nT.\n\n# --hints--\n\n${HINT}\n# --hints--\n\n${HINT}`)).to.deep.equal([
      '19 step.duplicateSection',
    ]);
  });

  it('a fence in another language than js', () => {
    expect(problemsOf(`${FRONT}# --description--\n\nT.\n\n# --hints--\n\nA sentence.\n\n\`\`\`py\nassert True\n\`\`\`\n`)).to.deep.equal([
      '15 step.fenceLanguage',
    ]);
  });

  it('no hints section, or one without any check', () => {
    expect(problemsOf(`${FRONT}# --description--\n\nT.\n`)).to.deep.equal(['7 step.missingSection']);
    expect(problemsOf(`${FRONT}# --description--\n\nT.\n\n# --hints--\n`)).to.deep.equal(['11 step.noChecks']);
  });

  it('collects every problem of a file at once, in line order', () => {
    const text = `# --description--\n\nT.\n\n# --hints--\n\n\`\`\`js\nx\n\`\`\`\n\n# --hintz--\n`;
    expect(problemsOf(text)).to.deep.equal(['1 step.noFrontMatter', '7 step.codeWithoutText', '11 step.unknownSection']);
  });

  it('reads files saved with Windows line ends and a byte order mark', () => {
    const text = '\uFEFF' + `${FRONT}# --description--\n\nT.\n\n# --hints--\n\n${HINT}`.replace(/\n/g, '\r\n');
    const step = parseStep(text, 'step.md');
    expect(step.id).to.equal('6a0f00000000000000000009');
    expect(step.checks.map((c) => c.code.trim())).to.deep.equal(['assert.ok(true);']);
  });

  it('says it all in one line, in each language', () => {
    let error: KitError | undefined;
    try {
      parseStep(readFileSync(fixture('bad-fence.md'), 'utf8'), 'bad-fence.md');
    } catch (err) {
      error = err as KitError;
    }
    for (const lang of ['en', 'pt-BR', 'it'] as const) {
      const line = describeError(error!, translator(lang));
      expect(line, lang).to.include('bad-fence.md').and.include('16').and.include('```py');
      expect(line.split('\n'), lang).to.have.length(1);
    }
  });
});

describe('the CLI given a malformed step file', function () {
  this.timeout(30_000);
  const cases: [string, number, RegExp][] = [
    ['no-front-matter.md', 1, /front matter/],
    ['hint-without-code.md', 20, /has no code block after it/],
    ['code-without-sentence.md', 14, /has no sentence before it/],
    ['unknown-section.md', 20, /unknown section # --hintz--/],
    ['bad-fence.md', 16, /must be ```js, not ```py/],
  ];
  for (const [name, line, what] of cases) {
    it(`exits 2 with one stderr line naming ${name}, line ${line} and what is wrong`, async () => {
      // The URL is never contacted: the step file is read first.
      const { code, stdout, stderr } = await runCli(['--step', fixture(name), '--hints-only', 'http://127.0.0.1:9/']);
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
      expect(stderr.trimEnd().split('\n')).to.have.length(1);
      expect(stderr).to.include(name).and.include(`line ${line}:`).and.match(what);
    });
  }
});
