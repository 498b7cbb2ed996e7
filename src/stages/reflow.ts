import type { Root } from 'nlcst';
import { MappedText } from '../text/mapped.js';
import { lines, type LineNode } from './tree.js';

/** A line that only continues the previous one: it starts with a mark that never starts a sentence. */
const CONTINUES = /^[，,、。．.；;：:！!？?）)\]】》〉」』”’…]/;
/** The line ends where a sentence or a paragraph can end. */
const ENDS = /[。！？!?；;…：:”’」』）)】》〉\]]$/;

function joiner(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? ' ' : '';
}

/**
 * Stage `reflow`: lines that are fragments of one paragraph are joined. A line that is only punctuation or that
 * starts with a continuing mark (`，` `。` `”` …) joins the one before it; in text whose paragraphs are separated by
 * blank lines, a line that follows another with no blank line between and no sentence end joins it too (hard-wrapped
 * text). Headings, list items and HTML blocks are never joined to other text.
 */
export default function reflow() {
  return (tree: Root) => {
    const all = lines(tree);
    if (all.length === 0) return;
    // Paragraphs separated by blank lines: most lines (after the first) follow a blank line.
    const blankSeparated = all.filter((n) => n.data.line.blankBefore).length >= all.length * 0.6;
    const out: LineNode[] = [];
    for (const node of all) {
      const line = node.data.line;
      const prev = out[out.length - 1];
      if (prev && !line.dom && prev.data.line.kind === 'paragraph') {
        const p = prev.data.line.text.text;
        const c = line.text.text;
        const continues = CONTINUES.test(c) && (!line.blankBefore || /^[\p{P}\s]+$/u.test(c));
        const wrapped = blankSeparated && !line.blankBefore && line.kind === 'paragraph' && !ENDS.test(p);
        if (continues || wrapped) {
          prev.data.line.text = MappedText.concat([prev.data.line.text, line.text], joiner(p, c));
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
