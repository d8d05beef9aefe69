// Preloaded into a child process (`node --import ./test/helpers/max-rss.mjs bin/check.js ...`):
// at exit, writes the process's peak resident set size, in kilobytes, to $MAX_RSS_FILE.

import { writeFileSync } from 'node:fs';

const file = process.env.MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
