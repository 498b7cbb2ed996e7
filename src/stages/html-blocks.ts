import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { BLOCK_TAGS as BLOCK, SKIP_TAGS as SKIP } from '../chrome/html-tags.js';
import { CollapsedText, isSpace } from '../text/collapsed.js';
import { MappedText } from '../text/mapped.js';
import type { BlockKind, DomCues } from '../types.js';
import { articleData } from './context.js';
import { lineNode, type LineNode } from './tree.js';

function kindOf(tag: string): BlockKind {
  if (tag === 'h1') return 'title';
  if (/^h[2-6]$/.test(tag)) return 'heading';
  if (tag === 'li' || tag === 'dd' || tag === 'dt') return 'list-item';
  if (tag === 'blockquote') return 'quote';
  if (tag === 'figcaption' || tag === 'caption') return 'caption';
  if (tag === 'p' || tag === 'pre') return 'paragraph';
  return 'other';
}

function label(el: Element): string {
  let s = el.tagName;
  const cls = el.properties?.className;
  if (Array.isArray(cls)) for (const c of cls) s += `.${String(c)}`;
  const id = el.properties?.id;
  if (id !== undefined && id !== null && id !== '') s += `#${String(id)}`;
  return s;
}

function findTitle(el: Element): string | undefined {
  for (const c of el.children) {
    if (c.type !== 'element') continue;
    if (c.tagName === 'title') {
      const t = c.children.map((x) => (x.type === 'text' ? x.value : '')).join('').replace(/\s+/g, ' ').trim();
      return t || undefined;
    }
  }
  return undefined;
}

/** Page metadata from `<meta>` tags: name (or property) → the article metadata key it fills when the text does not. */
const META_TAGS: Record<string, string> = {
  author: 'pageAuthor',
  'article:author': 'pageAuthor',
  source: 'pageSource',
  publishdate: 'pagePublished',
  pubdate: 'pagePublished',
  publish_date: 'pagePublished',
  'article:published_time': 'pagePublished',
};

function readMeta(head: Element, meta: Record<string, unknown>): void {
  for (const c of head.children) {
    if (c.type !== 'element' || c.tagName !== 'meta') continue;
    const name = String(c.properties?.name ?? c.properties?.property ?? '').toLowerCase();
    const content = c.properties?.content;
    const key = META_TAGS[name];
    if (key && typeof content === 'string' && content.trim() && meta[key] === undefined) meta[key] = content.trim();
  }
}

/** Code units of `s` that are not white space (as `\s` has it). */
function nonSpaceLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) n++;
  return n;
}

interface Pending {
  text: CollapsedText;
  linkChars: number;
  /** Code units of the text that are not white space. */
  chars: number;
  tag: string;
  path: string[];
}

/**
 * Turns the hast tree of a page into the nlcst document qingxi works on: one paragraph node per block of text,
 * with DOM cues (block tag, ancestor tags with class and id, link density) for the chrome stage. The page title
 * (`<title>`) goes to the article metadata.
 */
export default function htmlBlocks() {
  return (tree: HastRoot, file: VFile): Root => {
    const data = articleData(file);
    const blocks: LineNode[] = [];
    let cur: Pending | undefined;
    const stack: string[] = [];
    const blockTags: string[] = [];

    const flush = () => {
      if (!cur) return;
      // A block of white space only has no text: nothing to build.
      if (cur.chars > 0) {
        const text = cur.text.text();
        const dom: DomCues = { tag: cur.tag, path: cur.path, linkDensity: cur.linkChars / cur.chars };
        blocks.push(lineNode({ text, kind: kindOf(cur.tag), dom, blankBefore: true }));
      }
      cur = undefined;
    };

    const walk = (node: RootContent | ElementContent, inLink: boolean): void => {
      if (node.type === 'text') {
        const v = node.value;
        if (!v) return;
        if (!cur) cur = { text: new CollapsedText(), linkChars: 0, chars: 0, tag: blockTags[blockTags.length - 1] ?? 'body', path: stack.slice() };
        const s = node.position?.start.offset;
        const e = node.position?.end.offset;
        // A text node holding character references (&nbsp; &amp; &#x4e2d;) is longer in the source than its
        // value: align the two so each character still maps to its own place.
        if (s === undefined || e === undefined) cur.text.addMapped(MappedText.spanning(v, s ?? 0, e ?? s ?? 0));
        else if (e - s === v.length) cur.text.addSource(v, s);
        else cur.text.addMapped(MappedText.aligned(v, data.source.content.slice(s, e), s));
        const n = nonSpaceLength(v);
        cur.chars += n;
        if (inLink) cur.linkChars += n;
        return;
      }
      if (node.type !== 'element') return;
      const tag = node.tagName;
      if (tag === 'head') {
        const title = findTitle(node);
        if (title) data.meta.pageTitle = title;
        readMeta(node, data.meta);
        return;
      }
      if (SKIP.has(tag)) return;
      const block = BLOCK.has(tag);
      if (block) flush();
      stack.push(label(node));
      if (block) blockTags.push(tag);
      for (const c of node.children) walk(c, inLink || tag === 'a');
      if (block) {
        flush();
        blockTags.pop();
      }
      stack.pop();
    };

    for (const c of tree.children) walk(c, false);
    flush();
    data.linesIn = blocks.length;
    return { type: 'RootNode', children: blocks };
  };
}
