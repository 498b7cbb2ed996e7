import type { Root } from 'nlcst';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { MappedText } from '../text/mapped.js';
import { articleData } from './context.js';
import { lineNode, type LineNode } from './tree.js';

const LINE_RE = /[^\r\n\u2028\u2029\u0085]*(?:\r\n|[\r\n\u2028\u2029\u0085]|$)/g;

type Kind = LineNode['data']['line']['kind'];

/** Markdown syntax that is markup, not text: heading marks, bullets, block quotes, emphasis, links, images. */
function stripMarkdown(text: MappedText): { text: MappedText; kind: Kind } {
  let kind: Kind = 'paragraph';
  let t = text;
  if (/^\s{0,3}#{1,6}\s/.test(t.text)) {
    kind = 'heading';
    t = t.replace(/^\s{0,3}#{1,6}\s+/g, '').replace(/\s+#+\s*$/g, '');
  } else if (/^\s{0,3}>\s?/.test(t.text)) {
    kind = 'quote';
    t = t.replace(/^\s{0,3}>\s?/g, '');
  } else if (/^\s{0,3}(?:[-*+]|\d+[.)])\s+/.test(t.text)) {
    kind = 'list-item';
    // Bullets are markup; the numbers of an ordered list are kept (text refers to them: 第 2 步).
    t = t.replace(/^\s{0,3}[-*+]\s+/g, '');
  }
  t = t.replace(/!\[[^\]]*\]\([^)]*\)/g, '');
  t = keepGroup(t, /\[(?<keep>[^\]]+)\]\([^)]*\)/dg);
  t = keepGroup(t, /(\*\*|__)(?=\S)(?<keep>[^*_]+?)\1/dg);
  t = keepGroup(t, /(?<![*\w])\*(?=[^\s*])(?<keep>[^*]+?)(?<=\S)\*(?![*\w])/dg);
  t = keepGroup(t, /`(?<keep>[^`]+)`/dg);
  return { text: t, kind };
}

/**
 * Replace each match of `re` (flags `dg`) by its `keep` group, whose characters keep their own source spans
 * (`**专家**` -> `专家`, each character still pointing at itself, not at the whole match).
 */
function keepGroup(t: MappedText, re: RegExp): MappedText {
  const parts: MappedText[] = [];
  let last = 0;
  for (const m of t.text.matchAll(re)) {
    const keep = m.indices?.groups?.keep;
    if (!keep) continue;
    parts.push(t.slice(last, m.index), t.slice(keep[0], keep[1]));
    last = m.index + m[0].length;
  }
  if (parts.length === 0) return t;
  parts.push(t.slice(last));
  return MappedText.concat(parts);
}

/** A code fence (``` or ~~~), a thematic break (--- *** ___) and a setext heading underline (=== or ---). */
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT_UNDERLINE = /^\s{0,3}(?:=+|-+)[ \t]*$/;

/**
 * Parser for plain text and Markdown: one paragraph node per line, each with its text mapped to the decoded
 * source. Blank lines are not kept as nodes; the line after one has `blankBefore`. In Markdown, markup is removed
 * (heading marks, bullets, quote marks, emphasis, link targets, images, fences, thematic breaks, setext underlines,
 * which make the line above a heading); lines inside a code fence are kept verbatim as kind `other`.
 */
export default function parseText(this: Processor) {
  this.parser = (doc: string, file: VFile): Root => {
    const data = articleData(file);
    const markdown = data.source.format === 'md';
    const children: LineNode[] = [];
    let blank = true;
    let count = 0;
    /** The closing fence of the code block we are in (its first character and length), if any. */
    let fence: { ch: string; len: number } | undefined;
    LINE_RE.lastIndex = 0;
    for (let m = LINE_RE.exec(doc); m && m[0].length > 0; m = LINE_RE.exec(doc)) {
      const raw = m[0].replace(/[\r\n\u2028\u2029\u0085]+$/, '');
      count++;
      let text = MappedText.fromSource(raw, m.index);
      let kind: Kind = 'paragraph';
      if (markdown) {
        const f = FENCE.exec(raw);
        if (fence) {
          if (f && f[1]![0] === fence.ch && f[1]!.length >= fence.len && raw.trim() === f[1]) {
            fence = undefined;
            blank = true;
            continue;
          }
          if (raw.trim() === '') {
            blank = true;
            continue;
          }
          children.push(lineNode({ text: text.slice(0, raw.trimEnd().length), kind: 'other', blankBefore: blank }));
          blank = false;
          continue;
        }
        if (f) {
          fence = { ch: f[1]![0]!, len: f[1]!.length };
          blank = true;
          continue;
        }
        const prev = children[children.length - 1];
        if (SETEXT_UNDERLINE.test(raw) && !blank && prev && prev.data.line.kind === 'paragraph') {
          prev.data.line.kind = 'heading';
          blank = true;
          continue;
        }
        if (THEMATIC_BREAK.test(raw)) {
          blank = true;
          continue;
        }
        ({ text, kind } = stripMarkdown(text));
      }
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
