import { readdirSync, readFileSync } from 'node:fs';
import { fromParse5 } from 'hast-util-from-parse5';
import { defaultTreeAdapter, parse, parseFragment, type DefaultTreeAdapterMap, type ParserOptions } from 'parse5';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { dataset, missing } from '../eval/data.js';
import { decode } from '../src/io/decode.js';
import { hastFromParse5 } from '../src/stages/parse5-hast.js';
import { textLocationsOnly } from '../src/stages/text-locations.js';

const FULL: ParserOptions<DefaultTreeAdapterMap> = { sourceCodeLocationInfo: true, scriptingEnabled: false, treeAdapter: defaultTreeAdapter };
const TEXT: ParserOptions<DefaultTreeAdapterMap> = { ...FULL, treeAdapter: textLocationsOnly };

/** Asserts that the hast tree is the library's: the same nodes, properties and positions, keys in the same order. */
function same(html: string, name = html.slice(0, 60)): void {
  for (const options of [FULL, TEXT, { scriptingEnabled: false }]) {
    const doc = parse(html, options);
    const file = () => new VFile({ value: html });
    const ours = hastFromParse5(doc, file());
    const theirs = fromParse5(doc, { file: file() });
    expect(JSON.stringify(ours), name).toBe(JSON.stringify(theirs));
    expect(ours, name).toStrictEqual(theirs);
    // Without a file: no positions.
    expect(JSON.stringify(hastFromParse5(doc)), name).toBe(JSON.stringify(fromParse5(doc)));
  }
}

const CASES: string[] = [
  '',
  '<!doctype html><html><head><title>标题</title><meta name="author" content="张三"></head><body><p>中文。</p></body></html>',
  '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><p>quirks or not</p>',
  // Lists: space-separated (class, rel), comma-separated (accept, coords), comma-or-space (srcset is a string here).
  '<div class=" a  b\tc " id="x" rel="nofollow noopener"><input accept="image/*, .png" type="file"><area coords="1, 2,3"></div>',
  '<p class="a b" classname="c d">class twice</p><p classname="e" class="f">other order</p><div class="">empty class</div><div class>no value</div><p class="a a">dup token</p>',
  // Numbers, booleans, overloaded booleans, and the same values where they are plain strings.
  '<td colspan="2" rowspan="x" width="50%" height="12"><input maxlength="10" size="" tabindex="-1" checked disabled="disabled" hidden="HIDDEN" readonly="no"></td>',
  '<a download href="/f.pdf">d</a><a download="name.pdf">n</a><video muted="" controls loop="loop" autoplay="false"></video>',
  '<iframe allowfullscreen="allowFullScreen"></iframe><form novalidate="novalidate"><input formnovalidate="FormNoValidate"></form>',
  '<img src="a.png" alt="" width="100" height="auto" loading="lazy"><iframe allowfullscreen frameborder="0" scrolling="no"></iframe>',
  // Data and ARIA attributes, event handlers, odd and unknown names.
  '<div data-id="7" data-foo-bar="x" data-="?" data:x="y" aria-hidden="true" aria-labelledby="a b" onclick="go()" xyz="1" a.b="c" _x="u"></div>',
  '<div dataFoo="1" dataBar-baz="2" dataqux="3" data-Upper-Case="4"></div><span dataFoo="5" data-x-y="6" dataZap="7"></span>',
  '<i dataqux-ab="1"></i><i dataqux-ab="2"></i><i datafoo-bar-baz="3"></i><i datafoo-bar-baz="4"></i>',
  // Attribute names objects treat specially: prototype names are dropped, array indices come first.
  '<div constructor="c" __proto__="p" toString="t" hasOwnProperty="h" valueOf="v">proto</div>',
  '<div 1="one" b="bee" 0="zero" 10="ten">indices</div><div z="z" 2abc="two">digit-led</div>',
  // Tag names hastscript would read as selectors, non-ASCII tag names, custom elements.
  '<a.b>dotted</a.b><x#y>hash</x#y><my-widget data-k="v">custom</my-widget><DİV>dotted capital</DİV><ÿ>ÿ</ÿ>',
  // SVG and MathML (foreign attributes with prefixes, case-adjusted names), foreignObject back to HTML.
  '<svg viewBox="0 0 10 10" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#a"/><foreignObject><p class="in">html</p></foreignObject><template><g/></template><text class="t">s</text></svg>',
  '<math><mi mathvariant="bold" xlink:href="#m" definitionURL="u">x</mi><annotation-xml encoding="text/html"><p>in math</p></annotation-xml></math>',
  // Templates: content as a root of its own, nested.
  '<template id="t"><p class="x">in template</p><template><b>nested</b></template></template><p>after</p>',
  // Comments, character references, text split by elements, unclosed elements (the position fix for parse5 #109).
  '<!-- c1 --><p>a &amp; b &nbsp; &#x4e2d;<!-- c2 --><b>bold<i>both</b>italic</i><p>unclosed<div>x',
  '<p>x</p><script>unclosed at the end',
  '<title>unclosed at the end',
  '<textarea>unclosed at the end',
  '<table><tr><td>1<td>2</table><select><option selected>o</select><ul><li>one<li>two</ul>',
  '<body style="color: red" lang="zh-CN" dir="ltr" contenteditable spellcheck="false" translate="no">x</body>',
];

describe('hastFromParse5 (hast-util-from-parse5, faster for plain elements)', () => {
  it('gives the library’s tree on hand-made cases', () => {
    for (const html of CASES) same(html);
  });

  it('gives the library’s tree for a fragment and for a template’s content', () => {
    const html = '<template><p class="a b">x</p></template><td colspan="3">y';
    const frag = parseFragment(html, FULL);
    expect(JSON.stringify(hastFromParse5(frag, new VFile(html)))).toBe(JSON.stringify(fromParse5(frag, { file: new VFile(html) })));
  });

  const danielDir = dataset('daniel-zh', 'html');
  it.skipIf(missing('daniel-zh/html'))('gives the library’s tree on the daniel-zh pages (read in place)', async () => {
    const files = readdirSync(danielDir).sort();
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const html = decode(readFileSync(`${danielDir}/${f}`), { html: true }).text;
      const doc = parse(html, TEXT);
      expect(JSON.stringify(hastFromParse5(doc, new VFile(html))), f).toBe(JSON.stringify(fromParse5(doc, { file: new VFile(html) })));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }, 300_000);
});

describe('hastFromParse5 with many distinct attribute names', () => {
  it('gives the library’s tree after its table of names filled and started again', () => {
    // 12,000 names: the table of schema entries (10,000 at most) is cleared on the way.
    const html = Array.from({ length: 12_000 }, (_, i) => `<p data-v-${i.toString(16)}="" class="c${i % 7}">${i}</p>`).join('');
    same(`${html}<p data-v-0="x" hidden>again</p>`, 'many names');
  });
});
