// npm run mutate's choice of mutants (scripts/mutants.ts): a change counts only if the
// JavaScript that runs changes, so a number in a type is never a "survivor".

import { expect } from 'chai';
import { mutantsOf } from '../scripts/mutants.ts';

const changes = (file: string, source: string) => mutantsOf(file, source).map((m) => `${m.line + 1}:${m.operator}:${m.from.trim()}->${m.to.trim()}`);

describe('npm run mutate: the mutants of a file', () => {
  it('changes the code, not the types: `eio: 3 | 4` gives none, `eio === 3` does', () => {
    const source = ['export function name(eio: 3 | 4): string {', "  return eio === 3 ? 'v2' : 'v4';", '}', ''].join('\n');
    expect(changes('x.ts', source)).to.deep.equal(['2:equality:===->!==', '2:number:3->4']);
  });

  it('leaves comments, imports and lines that are mostly a string alone', () => {
    const source = [
      "import { a } from './a.ts';",
      '// at most 3 tries',
      'const tries = 3; // 3 is enough',
      'const words =',
      "  'a text of 5 words';",
      'export const ok = tries > 2 && true;',
      '',
    ].join('\n');
    expect(changes('y.js', source)).to.deep.equal([
      '3:number:3->4',
      '6:boundary:>->>=',
      '6:logic:&&->||',
      '6:boolean:true->false',
      '6:number:2->3',
    ]);
  });
});
