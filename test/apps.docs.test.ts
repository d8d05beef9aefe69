// The learner guides describe starting the app as the app does it: the register button by
// its label in each language, the Node.js major version engines.node asks for, HOST, and
// that public/client.js needs a page reload rather than a restart.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT } from './helpers/app-processes.ts';

const require = createRequire(import.meta.url);
type Lang = 'en' | 'pt-BR' | 'it';
const { t } = require('../starter/kit/locales.js') as { t: (lang: Lang, key: string) => string };
const { minimumOf } = require('../starter/kit/check-node.js') as { minimumOf: (range: unknown) => string | null };

const LANGS: Lang[] = ['en', 'pt-BR', 'it'];
const guide = (lang: Lang): string => readFileSync(join(ROOT, 'docs', lang, 'learner.md'), 'utf8');

describe('the learner guides, on starting the app', () => {
  const { engines } = JSON.parse(readFileSync(join(ROOT, 'starter/package.json'), 'utf8')) as { engines: { node: string } };
  const major = minimumOf(engines.node)!.split('.')[0];

  /** The app's register button, as each language labels it. */
  const REGISTER: Record<Lang, string> = { en: 'Create account', 'pt-BR': 'Criar conta', it: 'Crea un account' };

  for (const lang of LANGS) {
    it(`${lang}: names the register button, the Node.js version, HOST and public/client.js`, () => {
      const text = guide(lang);
      // The guide names the button the app shows.
      expect(t(lang, 'registerButton')).to.equal(REGISTER[lang]);
      expect(text).to.include(`**${REGISTER[lang]}**`);
      expect(text).to.include(`Node.js ${major} `);
      expect(text).to.include('`HOST=0.0.0.0 npm start`');
      expect(text).to.include('`public/client.js`');
    });
  }

  it('each names the button in its own language, not in another', () => {
    expect(guide('it')).not.to.include('**Create account**');
    expect(guide('pt-BR')).not.to.include('**Crea un account**');
    expect(guide('en')).not.to.include('**Criar conta**');
  });
});
