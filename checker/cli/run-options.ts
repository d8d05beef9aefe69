// The command line's options as a run's: one place, so a single check, `--watch` and a
// class read `--lang`, `--timeout` and `--hints-only` the same way.

import type { RunOptions } from '../run/run.ts';
import type { CliOptions } from './args.ts';

/** What every run started from the command line shares; callers add the pool, the signal and their own. */
export function runOptionsOf(options: Pick<CliOptions, 'lang' | 'timeoutMs' | 'hintsOnly'>): Required<Pick<RunOptions, 'lang' | 'limits'>> & Pick<RunOptions, 'sections'> {
  return {
    lang: options.lang,
    limits: { timeoutMs: options.timeoutMs },
    sections: options.hintsOnly ? ['hints'] : undefined,
  };
}
