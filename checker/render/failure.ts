import type { Translate } from '../i18n/index.ts';
import type { Failure, Params } from '../types.ts';

/** Parameters as people read them: a test client's name ('first') in the chosen language. */
function readableParams(params: Params, t: Translate): Params {
  if (typeof params.client !== 'string') return params;
  const key = `clients.${params.client}`;
  const name = t(key);
  return { ...params, client: name === key ? params.client : name };
}

/** A failure in words: what went wrong (`problem`) and what to do (`advice`). */
export function explain(failure: Failure, t: Translate): { problem: string; advice: string } {
  const params = readableParams(failure.params, t);
  return { problem: t(`failures.${failure.key}`, params), advice: t(`advice.${failure.key}`, params) };
}
