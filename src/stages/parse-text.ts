import type { Root } from 'nlcst';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { MappedText } from '../text/mapped.js';
import { articleData } from './context.js';
import { lineNode, type LineNode } from './tree.js';

const LINE_RE = /[^\r\n\u2028\u2029\u0085]*(?:\r\n|[\r\n\u2028\u2029\u0085]|$)/g;

/** Markdown syntax that is markup, not text: heading marks, list marks, block quotes, emphasis, links, images. */
function stripMarkdown(text: MappedText): { text: MappedText; kind: LineNode['data']['line']['kind'] } {
  let kind: LineNode['data']['line']['kind'] = 'paragraph';
  let t = text;
  if (/^\s{0,3}#{1,6}\s/.test(t.text)) {
    kind = 'heading';
    t = t.replace(/^\s{0,3}#{1,6}\s+/g, '').replace(/\s+#+\s*$/g, '');
  } else if (/^\s{0,3}>\s?/.test(t.text)) {
    kind = 'quote';
    t = t.replace(/^\s{0,3}>\s?/g, '');
  } else if (/^\s{0,3}(?:[-*+]|\d+[.)])\s+/.test(t.text)) {
    kind = 'list-item';
  }
  t = t
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, (m) => m[1]!)
    .replace(/(\*\*|__)(?=\S)([^*_]+?)\1/g, (m) => m[2]!)
    .replace(/`([^`]+)`/g, (m) => m[1]!);
  return { text: t, kind };
}

/**
 * Parser for plain text and Markdown: one paragraph node per line, each with its text mapped to the decoded
 * source. Blank lines are not kept as nodes; the line after one has `blankBefore`.
 */
export default function parseText(this: Processor) {
  this.parser = (doc: string, file: VFile): Root => {
    const data = articleData(file);
    const markdown = data.source.format === 'md';
    const children: LineNode[] = [];
    let blank = true;
    let count = 0;
    LINE_RE.lastIndex = 0;
    for (let m = LINE_RE.exec(doc); m && m[0].length > 0; m = LINE_RE.exec(doc)) {
      const raw = m[0].replace(/[\r\n\u2028\u2029\u0085]+$/, '');
      count++;
      let text = MappedText.fromSource(raw, m.index);
      let kind: LineNode['data']['line']['kind'] = 'paragraph';
      if (markdown) ({ text, kind } = stripMarkdown(text));
      if (text.text.trim() === '') {
        blank = true;
        continue;
      }
      children.push(lineNode({ text, kind, blankBefore: blank }));
      blank = false;
    }
    data.linesIn = count;
    return { type: 'RootNode', children };
  };
}
