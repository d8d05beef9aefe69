// What a person types as a target, read the same way on the command line, in a roster
// and in the lesson page's address field (checker/target.ts).

import path from 'node:path';
import { expect } from 'chai';
import { KitError } from '../checker/errors.ts';
import { looksLikeUrl, parseTarget, parseUrl } from '../checker/target.ts';

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
});
