// Loaded by mocha before every test file (.mocharc.json): a promise the kit's own code
// leaves rejected with no handler ends the worker thread it happened in (KIT_LEAKS=fail,
// read by checker/run/worker.ts), so the check there ends as `error` and its test fails.
// In the test processes themselves mocha already fails a test on an unhandled rejection.
// Child processes (the CLI run by tests) inherit the setting.
process.env.KIT_LEAKS ??= 'fail';

import { endFileScope } from './file-scope.ts';

/** Root hooks (mocha's root hook plugin): what a file shared is ended after it. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await endFileScope();
  },
};
