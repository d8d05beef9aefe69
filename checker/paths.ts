import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The kit's folder. This file sits one level below it, and so does every compiled
 * entry in dist/ that inlines it: the same relative path works from source and build.
 */
export const KIT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Whether `dir` is a folder (through links): what --dir, a roster line and compare take. */
export function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
