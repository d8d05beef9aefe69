// Preloaded into a child process (`node --import tsx --import ./test/helpers/max-rss.ts ...`):
// at exit, writes the process's peak resident set size, in kilobytes, to $MAX_RSS_FILE.

import { writeFileSync } from 'node:fs';

const file = process.env.MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
