// One table of inputs for each rule that the kit and the learner apps both hold: the apps
// are self-contained (a learner can copy starter/ out), so they keep their own small
// kit/check-node.js, and this file holds every copy to the same answers. The version
// answers are also checked against semver, the reference for what a range means.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { transformSync } from 'esbuild';
import semver from 'semver';
import { neededNode, older } from '../bin/launch.js';
import { langFromEnv, langOfCommand } from '../checker/i18n/locale.js';

const require = createRequire(import.meta.url);

interface AppCheckNode {
  langOf(env: NodeJS.ProcessEnv): string;
  tooOld(found: string, range: unknown, env: NodeJS.ProcessEnv): string | null;
}
const APPS = ['starter', 'solution'].map((app) => [app, require(`../${app}/kit/check-node.js`) as AppCheckNode] as const);

/** The environment's locale -> the language every copy must choose. */
const LOCALES: [NodeJS.ProcessEnv, string][] = [
  [{}, 'en'],
  [{ LANG: 'C' }, 'en'],
  [{ LANG: 'C.UTF-8' }, 'en'],
  [{ LANG: 'POSIX' }, 'en'],
  [{ LANG: 'en_US.UTF-8' }, 'en'],
  [{ LANG: 'fr_FR.UTF-8' }, 'en'],
  [{ LANG: 'pt_BR.UTF-8' }, 'pt-BR'],
  [{ LANG: 'pt_PT.UTF-8' }, 'pt-BR'],
  [{ LANG: 'pt' }, 'pt-BR'],
  [{ LANG: 'pt-br' }, 'pt-BR'],
  [{ LANG: 'it_IT.UTF-8' }, 'it'],
  [{ LANG: 'it_CH@euro' }, 'it'],
  [{ LANG: 'IT' }, 'it'],
  [{ LANG: 'ptx_XX' }, 'en'],
  [{ LC_MESSAGES: 'it_IT', LANG: 'en_US.UTF-8' }, 'it'],
  [{ LC_ALL: 'pt_BR.UTF-8', LC_MESSAGES: 'it_IT', LANG: 'en_US.UTF-8' }, 'pt-BR'],
  [{ LC_ALL: '', LC_MESSAGES: '', LANG: 'it_IT.UTF-8' }, 'it'],
];

describe('one table, every copy: the language of the environment', () => {
  for (const [env, expected] of LOCALES) {
    it(`${JSON.stringify(env)} -> ${expected}`, () => {
      expect(langFromEnv(env), 'the kit').to.equal(expected);
      for (const [app, check] of APPS) expect(check.langOf(env), app).to.equal(expected);
    });
  }

  it('--lang before the environment, for the launcher and the commands; a bad one falls back to the environment', () => {
    expect(langOfCommand(['--lang', 'it'], { LANG: 'pt_BR.UTF-8' })).to.equal('it');
    expect(langOfCommand(['x', '--lang=pt_BR'], {})).to.equal('pt-BR');
    expect(langOfCommand(['--lang', 'xx'], { LANG: 'it_IT' })).to.equal('it');
    expect(langOfCommand(['--lang'], { LANG: 'it_IT' })).to.equal('it');
    expect(langOfCommand(['--json'], {})).to.equal('en');
  });
});

/** [Node.js found, engines.node, too old?]: ranges of the form both copies read (>=). */
const VERSIONS: [string, string, boolean][] = [
  ['16.20.2', '>=20.0.0', true],
  ['9.11.2', '>=10.0.0', true],
  ['20.0.0', '>=20.0.0', false],
  ['20.9.0', '>=20.18.1', true],
  ['20.18.0', '>=20.18.1', true],
  ['20.18.1', '>=20.18.1', false],
  ['20.18.2', '>=20.18.1', false],
  ['20.10.0', '>=20.9', false],
  ['21.0.0', '>=20.18.1', false],
  ['22.1.0', '>= 20', false],
  ['v18.19.0', '>=v20.18', true],
  ['26.0.0', '>=20.18.1', false],
];

describe('one table, every copy: is this Node.js too old', () => {
  for (const [found, range, expected] of VERSIONS) {
    it(`Node.js ${found} with engines ${range}: ${expected ? 'too old' : 'fine'}`, () => {
      expect(semver.lt(semver.coerce(found)!, semver.minVersion(range)!), 'semver').to.equal(expected);
      const needed = neededNode(range);
      expect(needed !== undefined && older(found, needed), 'the launcher').to.equal(expected);
      for (const [app, check] of APPS) expect(check.tooOld(found, range, {}) !== null, app).to.equal(expected);
    });
  }

  it('the launcher also reads the kit\'s own engines (^ alternatives) as semver does', () => {
    for (const range of ['^20.18.1 || ^22 || ^24 || ^26', '^24 || ^22.1', '>=20.18.1']) {
      expect(neededNode(range), range).to.equal(semver.minVersion(range)!.version);
    }
    for (const found of ['20.18.0', '20.18.1', '21.7.3', '22.0.0', '27.0.0']) {
      expect(older(found, neededNode('^20.18.1 || ^22 || ^24 || ^26')!), found).to.equal(semver.lt(found, '20.18.1'));
    }
  });
});

describe('the launcher and the language module on an old Node.js', () => {
  it('are written in what Node.js 12.20 parses, an ES-module line without ?. and ?? (esbuild changes nothing for it)', () => {
    const same = (code: string) =>
      transformSync(code, { target: 'node12.20', format: 'esm' }).code === transformSync(code, { target: 'esnext', format: 'esm' }).code;
    for (const file of ['bin/launch.js', 'checker/i18n/locale.js']) expect(same(readFileSync(file, 'utf8')), file).to.equal(true);
    expect(same('export const a = {};\nexport const b = a?.b ?? 1;\n')).to.equal(false);
  });
});
