import { readdirSync, readFileSync } from 'node:fs';
import { fromParse5 } from 'hast-util-from-parse5';
import { defaultTreeAdapter, parse, type DefaultTreeAdapterMap, type ParserOptions } from 'parse5';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { dataset, missing } from '../eval/data.js';
import { decode } from '../src/io/decode.js';
import { htmlTree } from '../src/stages/parse-html.js';
import { parseInRuns } from '../src/stages/parse5-runs.js';
import { textLocationsOnly } from '../src/stages/text-locations.js';

/** A parse5 node as plain data: every field (locations included) but the parent link, children in order. */
function plain(node: unknown): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'parentNode') continue;
    if (k === 'childNodes') out[k] = (v as unknown[]).map(plain);
    else if (k === 'content') out[k] = plain(v);
    else out[k] = v;
  }
  return out;
}

const FULL: ParserOptions<DefaultTreeAdapterMap> = { sourceCodeLocationInfo: true, scriptingEnabled: false, treeAdapter: defaultTreeAdapter };
const TEXT: ParserOptions<DefaultTreeAdapterMap> = { sourceCodeLocationInfo: true, scriptingEnabled: false, treeAdapter: textLocationsOnly };

/**
 * Asserts that the run tokenizer gives parse5's document: with all locations, and (unless `light`) with scripting
 * on, with text locations only (as the parse stage parses) and as the parse stage's hast tree.
 */
function same(html: string, name = html.slice(0, 60), light = false): void {
  expect(JSON.stringify(plain(parseInRuns(html, FULL))), name).toBe(JSON.stringify(plain(parse(html, FULL))));
  if (light) {
    expect(JSON.stringify(plain(parseInRuns(html, TEXT, { elementLocations: false }))), name).toBe(JSON.stringify(plain(parse(html, TEXT))));
    return;
  }
  expect(JSON.stringify(plain(parseInRuns(html, { ...FULL, scriptingEnabled: true }))), name).toBe(
    JSON.stringify(plain(parse(html, { ...FULL, scriptingEnabled: true }))),
  );
  const stock = parse(html, TEXT);
  expect(JSON.stringify(plain(parseInRuns(html, TEXT, { elementLocations: false }))), name).toBe(JSON.stringify(plain(stock)));
  // With the file, the hast nodes get positions (text nodes only, as the parse stage keeps them).
  expect(htmlTree(html, new VFile({ value: html })), name).toEqual(fromParse5(stock, { file: new VFile({ value: html }) }));
}

const TRICKY: string[] = [
  '',
  'plain text only',
  '<!doctype html><html><head><title>标题 &amp; T</title></head><body><p>中文，English words.</p></body></html>',
  // Script data: end tags that end it and ones that do not, escapes, double escapes.
  '<script>var a = "</scripts>"; if (a < b) x = "</script"; </script ><p>after</p>',
  '<script>a</SCRIPT\t>b<script>c</script/>d<script>e</script\n>f<script>g</script\f>h',
  '<script><!-- x = 1; </script> after',
  '<script><!-- <script> inner </script> still script --> </script> after',
  '<script><!--<script>--></script>x</script>y',
  '<script><!-- - -- --- -> < <! <!- <!-- </ </s </scrip </scriptx --></script>',
  '<script>unterminated <!-- <script> ',
  '<script>no end tag at all',
  '<script type="application/ld+json">{"@type":"NewsArticle","headline":"标题","author":{"name":"张三"}}</script>',
  // Raw text, RCDATA, plaintext.
  '<style>p > a { color: red } </styles> </style><p>x</p>',
  '<textarea>\nfirst newline dropped &lt; <b>not a tag</b></textarea><pre>\n\npre</pre>',
  '<title>a <b> &amp; </title ><xmp><b>&amp;</b></xmp><iframe><p>x</iframe><noembed>a</noembed><noframes>b</noframes>',
  '<noscript><p>markup when scripting is off</p></noscript><head><noscript><link rel=x><style>s</style></noscript></head>',
  '<p>before<plaintext>all </plaintext> <b> text &amp;',
  // Comments and bogus comments.
  '<!-- a -- b --!> c <!--> d <!---> e <!----> f <!-- <!-- nested --> g <!-- x --!-->',
  '<!--unterminated comment',
  '<? processing ?> <!x bogus> </ 3 bogus> <![CDATA[ in html ]]> text',
  // Foreign content.
  '<svg viewBox="0 0 10 10"><path d="M0 0L10 10"/><script>svg &amp; <b>x</b></script><style>a</style><![CDATA[ <p> ]]><foreignObject><p>html</p><script>s</script></foreignObject></svg><p>after',
  '<math><mi>x</mi><annotation-xml encoding="text/html"><p>x</p></annotation-xml><mtext><script>t</script></mtext></math>',
  '<svg><p>breaks out</svg><script>html script</script>',
  // Attributes.
  '<DIV CLASS="A b" ID=Main Data-X=\'1 &amp; 2\' title="a &lt; b &notin; c &#x4e2d;&#20013;" hidden data-u=a=b<c`d>x</DIV>',
  '<a href="?a=1&b=2&amp;c=3&copy=4" title=&quot;q&quot; alt="<script>x</script>">link</a>',
  '<p a="1" a="2" A="3" b= "4" c = \'5\' d=6/ e/f>dup</p><img src="x.png"/><br/ ><input value="">',
  '<p title="unterminated',
  '<p ti\0tle="a\0b">\0text\0</p><script>\0</script><style>\0</style><!--\0--><textarea>\0</textarea>',
  // Line breaks: CR, CR LF, LF in text, values, comments, scripts, and at run edges.
  'a\r\nb\rc\n\r\nd<p\r\ntitle="x\r\ny\rz"\r>t\r\n\r\n</p><!--\r\nc\r--><script>\r\nvar a;\r\n\r</script>\r<style>\rx\r\n</style>\r\n',
  '<pre>\r\nfirst CR LF dropped</pre><textarea>\r\n\r\nx</textarea><listing>\nx</listing>',
  '\n\n\n<p>\n  <b>\n\n x \n</b>\n</p>\n',
  // Surrogate pairs, lone surrogates, non-characters, wide characters.
  '<p title="😀a😀">😀文字😀 😀\t😀</p><!--😀--><script>"😀"</script><p>\uD800 lone \uDC00 lone \uFFFF \u00A0nbsp\u3000ideographic</p>',
  '<p>\uD83D</p><p>a\uDE00</p><p title="\uD83D">x</p>',
  // Tables (foster parenting), formatting, templates, framesets.
  '<table>text<tr><td>cell<script>s</script></td></tr> more text <style>t</style></table>',
  '<p><b><i>misnested</b> text</i></p><a href=1><div><a href=2>x</a></div></a>',
  '<template><p>in template</p><script>t</script></template><select><option>o<script>s</script></select>',
  '<frameset><frame src=a><noframes><p>x</p></noframes></frameset>',
  '<body><p>x</p></body></html> after html <!-- after --> <script>late</script>',
  '<table><tr><td><svg><desc><p>x</p></desc></svg></td></tr></table>',
  // Character references in text.
  '<p>&amp; &lt;&gt; &nbsp;&copy &notit; &#x1F600; &#128512; &#0; &#x110000; &bogus; & &#; &#x;</p>',
];

describe('parse5 with a tokenizer that takes runs', () => {
  it('gives parse5’s document on hand-made cases', () => {
    for (const html of TRICKY) same(html);
  });

  it('keeps text positions in the source, lines and columns counted across runs', () => {
    const html = '<p title="a\nb">x\r\n中文 &amp; y</p>';
    const tree = htmlTree(html, new VFile({ value: html }));
    const texts: unknown[] = [];
    visit(tree, 'text', (t) => void texts.push(t));
    expect(texts).toMatchObject([{ value: 'x\n中文 & y', position: { start: { line: 2, column: 4, offset: 15 }, end: { line: 3, column: 11, offset: 28 } } }]);
  });

  it('gives parse5’s document when the input is longer than parse5’s buffer (chunks dropped while parsing)', () => {
    const block = TRICKY.join('\r\n<div class="x">\n');
    same(block.repeat(60), 'long');
    same(`<script>${'var x = "</scri";\r\n'.repeat(8000)}</script><p>${'文字 text\n'.repeat(20000)}</p>`, 'long script');
    same(`<div title="${'a'.repeat(70000)}\r\n${'b'.repeat(70000)}">x</div><!--${'c\r'.repeat(70000)}-->`, 'long value');
  });

  const danielDir = dataset('daniel-zh', 'html');
  it.skipIf(missing('daniel-zh/html'))('gives parse5’s document on the daniel-zh pages (read in place)', async () => {
    const files = readdirSync(danielDir).sort();
    expect(files.length).toBeGreaterThan(100);
    for (const [i, f] of files.entries()) {
      const html = decode(readFileSync(`${danielDir}/${f}`), { html: true }).text;
      // Every tenth page fully, the others with all locations and as the parse stage parses.
      same(html, f, i % 10 !== 0);
      // Let the test runner's messages through.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }, 300_000);
});
