// The one rule for cutting long texts (checker/text/cut.ts), and each place that uses it:
// a failure leaving the worker, a class's reports, the lesson page's answer, the list of
// events that did arrive. An emoji (two UTF-16 units) sits at each cut: it stays whole or
// goes, never half.

import { expect } from 'chai';
import { bounded } from '../checker/run/failure.ts';
import { describeValue } from '../checker/run/describe.ts';
import { arrivedList } from '../checker/run/sockets.ts';
import { boundResults } from '../checker/roster/bounds.ts';
import { cleanLine, cleanText, stripControls } from '../checker/text/clean.ts';
import { head, truncate } from '../checker/text/cut.ts';
import { translator } from '../checker/i18n/index.ts';
import type { Failure, Results } from '../checker/types.ts';
import { checkResponse } from '../learn/check-response.ts';
import { parseCheckBody } from '../learn/check-request.ts';

const EMOJI = '😀';
/** No lone surrogate anywhere in `text`. */
const whole = (text: string) => expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text), `lone surrogate in ${JSON.stringify(text.slice(-4))}`).to.equal(false);

describe('cutting long texts', () => {
  describe('truncate (code points)', () => {
    it('keeps a text of exactly the limit, and cuts one of the limit plus one', () => {
      expect(truncate('abcde', 5)).to.equal('abcde');
      expect(truncate('abcdef', 5)).to.equal('abcd…');
    });

    it('counts an emoji as one character: four emoji fit a limit of four', () => {
      expect(truncate(EMOJI.repeat(4), 4)).to.equal('😀😀😀😀');
      expect(truncate(EMOJI.repeat(5), 4)).to.equal('😀😀😀…');
    });

    it('never splits an emoji at the cut', () => {
      const cut = truncate(`abc${EMOJI}${EMOJI}xyz`, 5);
      expect(cut).to.equal('abc😀…');
      whole(cut);
    });

    it('reads only the start of a huge text', () => {
      expect(truncate('x'.repeat(5_000_000), 3)).to.equal('xx…');
    });
  });

  describe('head (UTF-16 units)', () => {
    it('keeps a text of exactly the limit, and cuts one of the limit plus one', () => {
      expect(head('abcd', 4)).to.equal('abcd');
      expect(head('abcde', 4)).to.equal('abcd');
    });

    it('drops an emoji whose second half would fall past the cut', () => {
      expect(head(`abc${EMOJI}`, 4)).to.equal('abc');
      expect(head(`abc${EMOJI}`, 5)).to.equal(`abc${EMOJI}`);
      expect(head(`ab${EMOJI}c`, 4)).to.equal(`ab${EMOJI}`);
    });
  });

  describe('the places that cut', () => {
    it("a failure's parameters leave the worker at 200 characters, an emoji at the cut kept whole", () => {
      const failure: Failure = { reason: 'socket-rejected', key: 'socket-rejected', params: { message: `${'a'.repeat(198)}${EMOJI}${'b'.repeat(50)}` } };
      const message = bounded(failure).params.message as string;
      expect(message).to.equal(`${'a'.repeat(198)}${EMOJI}…`);
      const exact: Failure = { ...failure, params: { message: `${'a'.repeat(199)}${EMOJI}` } };
      expect(bounded(exact).params.message).to.equal(`${'a'.repeat(199)}${EMOJI}`);
    });

    it("a class report cuts a check's message at 500 characters without splitting an emoji", () => {
      const results: Results = {
        step: 's',
        id: 'x',
        lang: 'en',
        target: 'http://127.0.0.1:9/',
        passed: false,
        checks: [{ n: 1, section: 'hints', text: 'A hint.', status: 'failed', ms: 1, failure: { reason: 'assertion', key: 'assertion', params: {}, message: `${'m'.repeat(499)}${EMOJI}${EMOJI}` } }],
      };
      const message = boundResults(results).checks[0]!.failure!.message!;
      expect(message).to.equal(`${'m'.repeat(499)}…`);
      whole(message);
    });

    it("the lesson page's answer cuts a field at 1000 characters without splitting an emoji", () => {
      const answer = (message: string) =>
        checkResponse(
          {
            step: 's',
            id: 'x',
            lang: 'en',
            target: 'http://127.0.0.1:9/',
            passed: false,
            checks: [{ n: 1, section: 'hints', text: 'A hint.', status: 'failed', ms: 1, failure: { reason: 'assertion', key: 'assertion', params: {}, message } }],
          },
          translator('en'),
        ).checks[0]!.message!;
      // 999 units then an emoji: the old cut (999 units and `…`) kept its first half.
      const cut = answer(`${'a'.repeat(998)}${EMOJI}${EMOJI}tail`);
      expect(cut).to.equal(`${'a'.repeat(998)}${EMOJI}…`);
      whole(cut);
      const exact = `${'a'.repeat(999)}${EMOJI}`;
      expect(answer(exact)).to.equal(exact);
    });

    it('an event that did arrive is shown cut at 40 units, an emoji at the cut dropped whole', () => {
      // describeValue gives a string as JSON: the opening quote, then 38 characters, then the emoji at units 39 and 40.
      const list = arrivedList([{ event: 'user count', data: `${'x'.repeat(38)}${EMOJI}${'y'.repeat(10)}` }]);
      expect(list).to.equal(`user count ("${'x'.repeat(38)}…)`);
      expect(arrivedList([{ event: 'n', data: 'short' }])).to.equal('n ("short")');
      // 40 units exactly (the quotes and 38 characters) are shown whole; 41 are cut.
      expect(arrivedList([{ event: 'n', data: 'z'.repeat(38) }])).to.equal(`n ("${'z'.repeat(38)}")`);
      expect(arrivedList([{ event: 'n', data: 'z'.repeat(39) }])).to.equal(`n ("${'z'.repeat(39)}…)`);
    });

    it("the lesson page's refusal quotes at most 80 units of an unknown step, an emoji at the cut dropped whole", () => {
      const refused = (step: string) => {
        const parsed = parseCheckBody({ url: 'http://127.0.0.1:3000', lang: 'en', step }, ['communicate-by-emitting']);
        if (parsed.ok) throw new Error('expected a refusal');
        return parsed.refusal.params.step;
      };
      expect(refused(`${'s'.repeat(79)}${EMOJI}more`)).to.equal('s'.repeat(79));
      expect(refused(`${'s'.repeat(78)}${EMOJI}`)).to.equal(`${'s'.repeat(78)}${EMOJI}`);
    });

    it('a described value stops at 400 units without splitting an emoji', () => {
      const text = describeValue([`${'z'.repeat(397)}${EMOJI}`, 'more', 'and more']);
      // `["` is two units, so the emoji's first half would be unit 400.
      expect(text).to.equal(`["${'z'.repeat(397)}…`);
      whole(text);
    });
  });

  describe('clean', () => {
    it('removes controls that a terminal obeys and keeps ordinary text', () => {
      expect(cleanText('a\u001b[2Jb\nc\u202Ed')).to.equal('a[2Jb cd');
      expect(stripControls('a\nb\u001bc')).to.equal('a\nbc');
      expect(cleanLine('\tx\r\ny\u0007')).to.equal('\tx y');
    });
  });
});
