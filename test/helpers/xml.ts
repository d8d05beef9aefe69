// A small, strict XML reader for the tests: enough to say a JUnit report is well-formed
// and to read it back as a tree. It throws on anything a real parser would refuse.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w:.-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// What XML 1.0 allows is tab, LF, CR and U+0020 up.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(raw: string, where: string): string {
  if (FORBIDDEN.test(raw)) throw new Error(`forbidden character in ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare & in ${where}`);
    if (ref in ENTITIES) return ENTITIES[ref]!;
    const code = /^#x([0-9a-f]+)$/i.exec(ref) ? parseInt(ref.slice(2), 16) : /^#(\d+)$/.exec(ref) ? Number(ref.slice(1)) : NaN;
    if (Number.isNaN(code)) throw new Error(`unknown entity &${ref}; in ${where}`);
    return String.fromCodePoint(code);
  });
}

export function parseXml(text: string): XmlElement {
  let i = 0;
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    if (text[i] !== '<') {
      const next = text.indexOf('<', i);
      const raw = text.slice(i, next < 0 ? text.length : next);
      const top = stack.at(-1);
      if (!top) {
        if (raw.trim()) throw new Error(`text outside the root element: ${raw.trim().slice(0, 40)}`);
      } else {
        top.text += decode(raw, `<${top.name}>`);
      }
      i = next < 0 ? text.length : next;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (text[i + 1] === '/') {
      const name = NAME.exec(text.slice(i + 2))?.[0];
      const top = stack.pop();
      if (!name || !top || top.name !== name) throw new Error(`closing </${name}> does not match <${top?.name}>`);
      i += 2 + name.length;
      skipSpace();
      if (text[i] !== '>') throw new Error(`bad closing tag </${name}>`);
      i++;
      continue;
    }
    i++;
    const name = NAME.exec(text.slice(i))?.[0];
    if (!name) throw new Error(`bad tag name at ${i}`);
    i += name.length;
    const element: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i) || text[i] === '>') break;
      if (i === before) throw new Error(`attributes of <${name}> need spaces between them`);
      const attr = NAME.exec(text.slice(i))?.[0];
      if (!attr) throw new Error(`bad attribute in <${name}>`);
      i += attr.length;
      if (text[i] !== '=') throw new Error(`attribute ${attr} of <${name}> has no value`);
      const quote = text[i + 1];
      if (quote !== '"' && quote !== "'") throw new Error(`attribute ${attr} of <${name}> is not quoted`);
      const end = text.indexOf(quote, i + 2);
      if (end < 0) throw new Error(`unterminated attribute ${attr}`);
      const raw = text.slice(i + 2, end);
      if (raw.includes('<')) throw new Error(`< in attribute ${attr} of <${name}>`);
      if (attr in element.attrs) throw new Error(`attribute ${attr} twice in <${name}>`);
      element.attrs[attr] = decode(raw, `${name}@${attr}`);
      i = end + 1;
    }
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (text.startsWith('/>', i)) {
      i += 2;
    } else {
      i++;
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}
