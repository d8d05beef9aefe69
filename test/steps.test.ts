import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { CATALOGS, failureKeys, lookup } from '../checker/i18n/index.ts';
import { readStep, STEPS_DIR } from '../checker/step/course.ts';
import { LANGS, type Step } from '../checker/types.ts';
import { ROOT } from './helpers/apps.ts';

// The spec's three regular expressions, as literals: the lesson's hints must use exactly these.
const SPEC_PATTERNS = [/currentUsers/s, /io.emit.*('|")user count('|").*currentUsers/s, /socket.on.*('|")user count('|")/s];
const SPEC_MESSAGES = [
  'You should have variable currentUsers defined',
  'You should emit "user count" with data currentUsers',
  'Your client should be connection to server with the connection defined as socket',
];
const SPEC_PATHS = ['/_api/server.js', '/_api/server.js', '/public/client.js'];

/** The hints' code as the source documents have it (test/fixtures/spec-hints/, copied once from them). */
const SPEC_HINTS = [1, 2, 3].map((n) => readFileSync(path.join(ROOT, 'test/fixtures/spec-hints', `hint-${n}.js`), 'utf8'));

describe('steps/communicate-by-emitting', () => {
  const steps = new Map<string, Step>();

  before(async () => {
    for (const lang of LANGS) steps.set(lang, await readStep(path.join(STEPS_DIR, 'communicate-by-emitting', `${lang}.md`)));
  });

  it('has the spec front matter facts in every language', () => {
    for (const [lang, step] of steps) {
      expect(step, lang).to.include({
        id: '589fc831f9fc0f352b528e75',
        challengeType: 2,
        forumTopicId: 301550,
        dashedName: 'communicate-by-emitting',
      });
    }
  });

  it('has a translated title in each language', () => {
    const titles = new Set([...steps.values()].map((s) => s.title));
    expect(titles.size).to.equal(LANGS.length);
  });

  it('has three hints and four behaviour checks, with the same code in every language', () => {
    const en = steps.get('en')!;
    expect(en.checks.map((c) => c.section)).to.deep.equal(['hints', 'hints', 'hints', 'behaviour', 'behaviour', 'behaviour', 'behaviour']);
    for (const [lang, step] of steps) {
      expect(step.checks.map((c) => c.section), lang).to.deep.equal(en.checks.map((c) => c.section));
      expect(step.checks.map((c) => c.code), lang).to.deep.equal(en.checks.map((c) => c.code));
    }
  });

  it('has sentences written for each language', () => {
    for (const lang of LANGS.filter((l) => l !== 'en')) {
      const texts = steps.get(lang)!.checks.map((c) => c.text);
      steps.get('en')!.checks.forEach((check, i) => expect(texts[i], `${lang} check ${i + 1}`).to.not.equal(check.text));
    }
  });

  it("uses the spec's hint code, byte for byte, in every language", () => {
    for (const [lang, step] of steps) {
      expect(step.checks.filter((c) => c.section === 'hints').map((c) => c.code), lang).to.deep.equal(SPEC_HINTS);
    }
  });

  it('names in fail(...) only failure keys that every catalog explains', () => {
    for (const [lang, step] of steps) {
      const keys = step.checks.flatMap((c) => [...c.code.matchAll(/\bfail\(\s*'([\w.-]+)'/g)].map((m) => m[1]!));
      expect(keys, `${lang}: the behaviour checks call fail()`).to.include.members(['count-not-number', 'count-not-increased']);
      for (const catalog of LANGS) {
        for (const key of keys) {
          const { explanation, advice } = failureKeys(key);
          expect(lookup(CATALOGS[catalog], explanation), `${catalog} ${explanation}`).to.be.a('string').and.not.equal('');
          expect(lookup(CATALOGS[catalog], advice), `${catalog} ${advice}`).to.be.a('string').and.not.equal('');
        }
      }
    }
  });

  it("uses the spec's paths, regular expressions and assertion messages", () => {
    const hints = steps.get('en')!.checks.filter((c) => c.section === 'hints').map((c) => c.code);
    hints.forEach((code, i) => {
      expect(code).to.include(`new URL("${SPEC_PATHS[i]}", getUserInput("url"))`);
      expect(code).to.include(String(SPEC_PATTERNS[i]));
      expect(code).to.include(`'${SPEC_MESSAGES[i]}'`);
    });
  });
});

/** freeCodeCamp's code for the second step's hints (test/fixtures/spec-hints/handle-a-disconnect/, its source named there). */
const DISCONNECT_HINTS = [1, 2].map((n) => readFileSync(path.join(ROOT, 'test/fixtures/spec-hints/handle-a-disconnect', `hint-${n}.js`), 'utf8'));

describe('steps/handle-a-disconnect', () => {
  const steps = new Map<string, Step>();
  const files = new Map<string, string>();

  before(async () => {
    for (const lang of LANGS) {
      const file = path.join(STEPS_DIR, 'handle-a-disconnect', `${lang}.md`);
      steps.set(lang, await readStep(file));
      files.set(lang, readFileSync(file, 'utf8'));
    }
  });

  it("has freeCodeCamp's front matter facts, and names the hints' source and commit, in every language", () => {
    for (const [lang, step] of steps) {
      expect(step, lang).to.include({ id: '589fc831f9fc0f352b528e76', challengeType: 2, forumTopicId: 301552, dashedName: 'handle-a-disconnect' });
      expect(files.get(lang), lang).to.include('freeCodeCamp/freeCodeCamp').and.include('handle-a-disconnect.md').and.include('03c7e633e1bce1db0c68885019701bdf10245e27');
    }
    expect(new Set([...steps.values()].map((s) => s.title)).size).to.equal(LANGS.length);
  });

  it("uses freeCodeCamp's hint code byte for byte, then one behaviour check, the same code in every language", () => {
    for (const [lang, step] of steps) {
      expect(step.checks.map((c) => c.section), lang).to.deep.equal(['hints', 'hints', 'behaviour']);
      expect(step.checks.filter((c) => c.section === 'hints').map((c) => c.code), lang).to.deep.equal(DISCONNECT_HINTS);
      expect(step.checks.map((c) => c.code), lang).to.deep.equal(steps.get('en')!.checks.map((c) => c.code));
    }
  });

  it('has sentences and a lesson written for each language', () => {
    for (const lang of LANGS.filter((l) => l !== 'en')) {
      steps.get('en')!.checks.forEach((check, i) => expect(steps.get(lang)!.checks[i]!.text, `${lang} check ${i + 1}`).to.not.equal(check.text));
      expect(steps.get(lang)!.description).to.not.equal(steps.get('en')!.description);
    }
  });

  it("the lesson says where the listener goes and why, and what the first tab's console shows", () => {
    const en = steps.get('en')!.description;
    expect(en).to.include("socket.on('disconnect'").and.include('--currentUsers;').and.include("io.emit('user count', currentUsers);");
    expect(en).to.include('not by `io`').and.include('Close the second tab');
  });

  it('names in fail(...) only failure keys that every catalog explains (the step\'s own under course.)', () => {
    const keys = steps.get('en')!.checks.flatMap((c) => [...c.code.matchAll(/\bfail\(\s*'([\w.-]+)'/g)].map((m) => m[1]!));
    expect(keys).to.include.members(['course.departure-silent', 'course.disconnect-on-io', 'course.departure-not-told', 'course.count-not-decreased', 'course.count-wrong-drop', 'only-newcomer-told']);
    for (const catalog of LANGS) {
      const words = CATALOGS[catalog] as unknown as { failures: Record<string, string>; advice: Record<string, string>; course: { failures: Record<string, string>; advice: Record<string, string> } };
      for (const key of keys) {
        const [group, name] = key.startsWith('course.') ? [words.course, key.slice('course.'.length)] : [words, key];
        expect(group.failures[name], `${catalog} failures of ${key}`).to.be.a('string').and.not.equal('');
        expect(group.advice[name], `${catalog} advice of ${key}`).to.be.a('string').and.not.equal('');
      }
    }
  });
});
