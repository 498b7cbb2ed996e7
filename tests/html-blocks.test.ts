import type { Root } from 'nlcst';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { articleData } from '../src/stages/context.js';
import htmlBlocks from '../src/stages/html-blocks.js';
import parseHtml from '../src/stages/parse-html.js';
import { lines } from '../src/stages/tree.js';
import { articleFile, sourceDoc } from './helpers.js';

// Parsing only: which blocks a page becomes, their kinds, DOM cues and source offsets. What the chrome stage then
// does with the cues is tested with the chrome stage.
function blocks(html: string) {
  const file = articleFile(sourceDoc(html, { format: 'html' }));
  const proc = unified()
    .use(parseHtml)
    .use(() => (tree: unknown, f: VFile) => htmlBlocks()(tree as never, f) as unknown as Root);
  const tree = proc.runSync(proc.parse(file), file) as Root;
  const nodes = lines(tree).map((n) => n.data.line);
  return { file, nodes, texts: nodes.map((l) => l.text.text) };
}

describe('html-blocks', () => {
  const page = `<!doctype html>
<html><head><title>页面标题 - 网站名</title><style>p { color: red }</style><script>var x = "<p>不是正文</p>";</script></head>
<body>
<nav class="top-nav"><a href="/">首页</a> <a href="/news">新闻</a></nav>
<article id="main">
<h1>大模型的训练成本</h1>
<p>大模型的训练是一个<b>成本极高</b>的过程，
   需要大量的算力。</p>
<h2>第一部分</h2>
<ul><li>第一点</li><li>第二点，<a href="/x">链接</a></li></ul>
<blockquote>引用的话。</blockquote>
<figure><img src="a.png"><figcaption>图片来自网络</figcaption></figure>
<p>第一行<br>第二行</p>
<noscript>请开启脚本</noscript>
</article>
</body></html>`;

  it('makes one block per block element, inline markup joined and white space collapsed', () => {
    expect(blocks(page).texts).toEqual([
      '首页 新闻',
      '大模型的训练成本',
      '大模型的训练是一个成本极高的过程， 需要大量的算力。',
      '第一部分',
      '第一点',
      '第二点，链接',
      '引用的话。',
      '图片来自网络',
      '第一行',
      '第二行',
    ]);
  });

  it('gives each block a kind from its element', () => {
    expect(blocks(page).nodes.map((l) => l.kind)).toEqual([
      'other', 'title', 'paragraph', 'heading', 'list-item', 'list-item', 'quote', 'caption', 'paragraph', 'paragraph',
    ]);
  });

  it('records DOM cues: block tag, ancestor path with classes and ids, link density', () => {
    const { nodes } = blocks(page);
    expect(nodes[0]!.dom).toMatchObject({ tag: 'nav', linkDensity: 1 });
    expect(nodes[0]!.dom!.path).toEqual(['html', 'body', 'nav.top-nav', 'a']);
    expect(nodes[2]!.dom).toMatchObject({ tag: 'p', linkDensity: 0 });
    expect(nodes[2]!.dom!.path).toEqual(['html', 'body', 'article#main', 'p']);
    expect(nodes[5]!.dom!.linkDensity).toBeCloseTo(2 / 6);
    for (const l of nodes) expect(l.blankBefore).toBe(true);
  });

  it('takes the page title from <head> into the metadata and skips script, style and noscript', () => {
    const { file, texts } = blocks(page);
    expect(articleData(file).meta.pageTitle).toBe('页面标题 - 网站名');
    expect(texts.join('\n')).not.toMatch(/不是正文|color|请开启脚本/);
    expect(articleData(file).linesIn).toBe(10);
  });

  it('maps plain text to its own place in the source', () => {
    const { nodes } = blocks(page);
    const title = nodes[1]!.text;
    expect(page.slice(title.sourceStart, title.sourceEnd)).toBe('大模型的训练成本');
    const bold = nodes[2]!.text;
    const i = bold.text.indexOf('成本极高');
    expect(page.slice(bold.starts[i], bold.ends[i + 3])).toBe('成本极高');
  });

  // A text node with character references is aligned with its source, character by character.
  it('maps the characters of a paragraph with character references each to its own place', () => {
    const html = '<p>中文&nbsp;测试&amp;GPT-3.5，&#x4e2d;国。第二句在这里。</p>';
    const { nodes } = blocks(html);
    const t = nodes[0]!.text;
    expect(t.text).toBe('中文 测试&GPT-3.5，中国。第二句在这里。');
    const i = t.text.indexOf('第二句');
    // The second sentence's span is the second sentence, not the whole paragraph.
    expect(html.slice(t.sourceSpan(i, t.length).start, t.sourceSpan(i, t.length).end)).toBe('第二句在这里。');
    expect(html.slice(t.starts[t.text.indexOf('中国')], t.ends[t.text.indexOf('中国')])).toBe('&#x4e2d;');
  });

  it('repairs malformed HTML the way a browser does and keeps its text', () => {
    const html = '<div><p>没有闭合的段落<p>第二段<b>粗体没有闭合<div>块</span></table><p>尾部 &unknown; & 结束';
    expect(blocks(html).texts).toEqual(['没有闭合的段落', '第二段粗体没有闭合', '块', '尾部 &unknown; & 结束']);
  });

  it('a page with no text has no blocks', () => {
    expect(blocks('<html><head><title>空</title></head><body><script>x()</script></body></html>').nodes).toEqual([]);
    expect(blocks('').nodes).toEqual([]);
  });
});
