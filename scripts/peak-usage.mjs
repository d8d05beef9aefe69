// Preloaded into a measured process (`node --import ./scripts/peak-usage.mjs bin/check.js ...`):
// at exit, writes {"maxRSS": kB, "cpuMs": ms} to the file named by $PEAK_USAGE_FILE, worker
// threads included. The peak is this program's own: Linux's getrusage() maxRSS also counts
// the parent's resident memory at the fork that started the process (kept across exec), so a
// parent holding 100 MB made a 70 MB check read 106; /proc's VmHWM starts at exec.

import { readFileSync, writeFileSync } from 'node:fs';

function peakKb() {
  try {
    const found = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (found) return Number(found[1]);
  } catch {
    // not Linux: getrusage's figure, which may include the parent's
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.PEAK_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRSS: peakKb(), cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
