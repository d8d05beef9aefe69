// The command line's shared rules: parseArgs's errors read once (cli/option-error.ts) for
// `check` and `compare`, and a run's options assembled once (cli/run-options.ts) for a
// single check, --watch and a class.

import { parseArgs } from 'node:util';
import { expect } from 'chai';
import { optionError } from '../checker/cli/option-error.ts';
import { runOptionsOf } from '../checker/cli/run-options.ts';

/** What parseArgs throws for `args`, with a string option `--step` and a boolean `--json`. */
function thrownBy(args: string[]): unknown {
  try {
    parseArgs({ args, options: { step: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: true });
  } catch (err) {
    return err;
  }
  throw new Error(`parseArgs accepted ${args.join(' ')}`);
}

describe('command line rules', () => {
  describe('optionError: parseArgs errors in the kit words', () => {
    it('names an unknown option, long or short', () => {
      expect(optionError(thrownBy(['--stpe', 'x']))).to.deep.equal({ key: 'cli.unknownOption', option: '--stpe' });
      expect(optionError(thrownBy(['-q']))).to.deep.equal({ key: 'cli.unknownOption', option: '-q' });
    });

    it('names an option whose value is missing', () => {
      expect(optionError(thrownBy(['--step']))).to.deep.equal({ key: 'cli.missingValue', option: '--step' });
    });

    it('says unknown option, naming nothing, for an error it cannot read', () => {
      expect(optionError(new Error('something else'))).to.deep.equal({ key: 'cli.unknownOption', option: '' });
    });
  });

  describe('runOptionsOf: a run from the command line', () => {
    it('runs every section by default, with the given time limit and language', () => {
      expect(runOptionsOf({ lang: 'pt-BR', timeoutMs: 7000, hintsOnly: false })).to.deep.equal({ lang: 'pt-BR', limits: { timeoutMs: 7000 }, sections: undefined });
    });

    it('runs only the hints with --hints-only', () => {
      expect(runOptionsOf({ lang: 'en', timeoutMs: 5000, hintsOnly: true })).to.deep.equal({ lang: 'en', limits: { timeoutMs: 5000 }, sections: ['hints'] });
    });
  });
});
