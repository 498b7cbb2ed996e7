import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { MappedText } from '../text/mapped.js';
import { articleData } from './context.js';
import { lines, removalOf, type LineNode } from './tree.js';

/**
 * A line that only continues the previous one: it starts with a mark that never starts a sentence. A full stop
 * followed by a letter or digit starts a name (`.NET`, `.5 倍`), not a continuation.
 */
const CONTINUES = /^(?:[，,、。．；;：:！!？?）)\]】》〉」』”’…]|\.(?![A-Za-z0-9]))/;
/** The line ends where a sentence or a paragraph can end. */
const ENDS = /[。！？!?；;…：:”’」』）)】》〉\]]$/;

/** A Chinese full stop at the end of a line that the next line continues with a comma is a scraping artefact. */
const FULL_STOP_END = /[。．]$/;
const COMMA_START = /^[，,、；;]/;
const ONLY_PUNCTUATION = /^[\p{P}\s]+$/u;

function joiner(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? ' ' : '';
}

/**
 * Stage `reflow`: lines that are fragments of one paragraph are joined. A line that is only punctuation or that
 * starts with a continuing mark (`，` `。` `”` …) joins the one before it; in text whose paragraphs are separated by
 * blank lines, a line that follows another with no blank line between and no sentence end joins it too (hard-wrapped
 * text). Headings, list items and HTML blocks are never joined to other text.
 *
 * Scraped text broken this way often doubles its punctuation at the seam: a line that is only `。` after a line
 * that already ends with `。` is dropped (recorded as removed, rule `reflow:duplicate-punctuation`), and a line
 * ending with `。` followed by one starting with `，` loses the `。` (the sentence goes on).
 */
export default function reflow() {
  return (tree: Root, file: VFile) => {
    const all = lines(tree);
    if (all.length === 0) return;
    // Paragraphs separated by blank lines: most lines (after the first) follow a blank line.
    const blankSeparated = all.filter((n) => n.data.line.blankBefore).length >= all.length * 0.6;
    const out: LineNode[] = [];
    for (const node of all) {
      const line = node.data.line;
      const prev = out[out.length - 1];
      // Only paragraph text joins paragraph text: headings, list items, quotes and verbatim (code) lines stay apart.
      if (prev && !line.dom && prev.data.line.kind === 'paragraph' && line.kind === 'paragraph') {
        const p = prev.data.line.text.text;
        const c = line.text.text;
        const onlyPunctuation = ONLY_PUNCTUATION.test(c);
        const continues = CONTINUES.test(c) && (!line.blankBefore || onlyPunctuation);
        const wrapped = blankSeparated && !line.blankBefore && !ENDS.test(p);
        if (continues && onlyPunctuation && p.endsWith(c.trim())) {
          articleData(file).removed.push(removalOf(line.text, 'reflow:duplicate-punctuation'));
          continue;
        }
        if (continues || wrapped) {
          let head = prev.data.line.text;
          if (continues && COMMA_START.test(c) && FULL_STOP_END.test(p)) head = head.slice(0, head.length - 1);
          prev.data.line.text = MappedText.concat([head, line.text], joiner(head.text, c));
          const end = prev.data.line.text.sourceEnd;
          if (prev.position && end !== undefined) prev.position.end.offset = end;
          continue;
        }
      }
      out.push(node);
    }
    tree.children = out;
  };
}
