// What a person types as a target, read the same way on the command line, in a roster
// and in the lesson page's address field (checker/target.ts).

import path from 'node:path';
import { expect } from 'chai';
import { KitError } from '../checker/errors.ts';
import { parseCheckBody } from '../learn/check-request.ts';
import { problemMessage } from '../checker/render/class-json.ts';
import { translator } from '../checker/i18n/index.ts';
import { parseRoster } from '../checker/roster/parse.ts';
import { hideCredentials, looksLikeUrl, parseTarget, parseUrl } from '../checker/target.ts';
import { runCli } from './helpers/cli.ts';

describe('targets', () => {
  const accepted: [string, string][] = [
    ['http://localhost:3000', 'http://localhost:3000/'],
    ['localhost:3000', 'http://localhost:3000/'],
    ['localhost:3000/', 'http://localhost:3000/'],
    ['127.0.0.1:8080/app', 'http://127.0.0.1:8080/app'],
    ['[::1]:3000', 'http://[::1]:3000/'],
    ['https://my-app.example.org', 'https://my-app.example.org/'],
    ['  http://localhost:3000  ', 'http://localhost:3000/'],
    ['example.org', 'http://example.org/'],
  ];
  for (const [typed, url] of accepted) {
    it(`reads "${typed}" as ${url}`, () => expect(parseUrl(typed)).to.equal(url));
  }

  const refused = ['htp:/localhost:3000', 'htps://example.org', 'http//localhost:3000', 'ftp://example.org', 'file:///etc/passwd', 'mailto:ana@example.org', 'http://', 'javascript:alert(1)'];
  for (const typed of refused) {
    it(`refuses "${typed}" as an address, instead of reading it as a host that does not answer`, () => {
      expect(() => parseUrl(typed)).to.throw(KitError).with.property('key', 'cli.badUrl');
    });
  }

  it('takes a roster target as an address when it has a scheme or a port, else as a folder', () => {
    const base = path.resolve('/class');
    expect(parseTarget('localhost:3000', base)).to.deep.equal({ kind: 'url', url: 'http://localhost:3000/' });
    expect(parseTarget('http://127.0.0.1:4000', base)).to.deep.equal({ kind: 'url', url: 'http://127.0.0.1:4000/' });
    expect(parseTarget('ana', base)).to.deep.equal({ kind: 'dir', dir: path.join(base, 'ana') });
    expect(parseTarget('submissions/ana.silva', base)).to.deep.equal({ kind: 'dir', dir: path.join(base, 'submissions/ana.silva') });
    expect(looksLikeUrl('C:\\class\\ana')).to.equal(false);
    expect(looksLikeUrl('d:/class/ana')).to.equal(false);
    expect(() => parseTarget('htp:/x', base)).to.throw(KitError);
  });

  describe('an address with user:password@, refused as browsers\' fetch refuses it', () => {
    for (const typed of ['http://ana:s3cret@localhost:3000', 'https://ana@example.org/', 'http://:s3cret@127.0.0.1:3000/x', '  HTTP://ana:s3cret@[::1]:3000  ']) {
      it(`refuses "${typed}" with http.credentials, and its message holds no credentials`, () => {
        expect(() => parseUrl(typed)).to.throw(KitError).that.satisfies((err: KitError) => {
          expect(err.key).to.equal('http.credentials');
          expect(JSON.stringify(err.params)).not.to.match(/s3cret|ana@/);
          return true;
        });
      });
    }

    it('refuses "ana:s3cret@localhost:3000" (read as the scheme "ana:") without repeating the password', () => {
      expect(() => parseUrl('ana:s3cret@localhost:3000')).to.throw(KitError).with.deep.property('params', { url: 'localhost:3000' });
    });

    it('still takes an address whose path or query holds an @', () => {
      expect(parseUrl('http://localhost:3000/users/@ana?x=a:b@c')).to.equal('http://localhost:3000/users/@ana?x=a:b@c');
    });

    it('hides the credentials of whatever was typed, parsable or not', () => {
      expect(hideCredentials('http://ana:s3cret@localhost:3000/x@y')).to.equal('http://localhost:3000/x@y');
      expect(hideCredentials('ftp://ana:s3cret@host')).to.equal('ftp://host');
      expect(hideCredentials('ana:s3cret@localhost:3000')).to.equal('localhost:3000');
      expect(hideCredentials('http://localhost:3000/?next=a@b')).to.equal('http://localhost:3000/?next=a@b');
      expect(hideCredentials('x'.repeat(100_000) + '@')).to.equal('');
    });

    it('on the command line: exit 2, one line on stderr without the password', async () => {
      const { code, stdout, stderr } = await runCli(['--hints-only', 'http://ana:s3cret@127.0.0.1:9/']);
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
      expect(stderr).to.equal('check: "http://127.0.0.1:9/" holds a user name or password; give the address without them (as browsers\' fetch does, the checker refuses it)\n');
    });

    it('in a roster: a problem of its line, in words that show no credentials', () => {
      const roster = parseRoster('learner,target\nana,http://ana:s3cret@localhost:3001\nbo,ftp://bo:pw@x\n', path.resolve('/class'));
      expect(roster.entries).to.deep.equal([]);
      expect(roster.problems).to.deep.equal([
        { line: 2, code: 'credentials', params: { learner: 'ana' } },
        { line: 3, code: 'bad-url', params: { learner: 'bo', url: 'ftp://x' } },
      ]);
      expect(problemMessage(roster.problems[0]!, translator('en'))).to.equal('the address of ana holds a user name or password: give it without them');
    });

    it('from the lesson page: refused with its own code, the credentials not repeated', () => {
      const parsed = parseCheckBody({ url: 'http://ana:s3cret@localhost:3000', lang: 'en', step: 'x' }, ['x']);
      expect(parsed).to.deep.equal({ ok: false, refusal: { status: 400, code: 'credentials', params: { url: 'http://localhost:3000/' } } });
    });
  });
});
