import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { contentLength } from '../chrome/features.js';
import { lineConverter } from '../chrome/line-converter.js';
import { firstField, parseMetaLine, type MetaLine } from '../chrome/meta.js';
import { lineKey } from '../chrome/template.js';
import { articleData } from './context.js';
import { simplifiedLine } from './convert.js';
import { lines, removalOf, type LineNode } from './tree.js';

const TITLE_MAX = 80;
/** Lines before the first paragraph of running text searched for a byline. */
const HEAD_ZONE = 8;
/** Lines after the last paragraph of running text searched for a byline. */
const TAIL_ZONE = 6;

function runningText(simp: string): boolean {
  return contentLength(simp).len >= 25 && /[，。！？；,.!?;]/.test(simp);
}

function titleShaped(t: string): boolean {
  return t.length > 0 && t.length <= TITLE_MAX && !/[。；][^”」』）)]/.test(t) && !/[。，,；;：:]$/.test(t);
}

/**
 * Stage `metadata`: title, author (作者), source (来源) and publication time, where the page states them, go to the
 * article's metadata, and their lines leave the text (each recorded as a removal `metadata:<field>`); the title
 * stays as the first paragraph, of kind `title`.
 *
 * The title is the block the chrome stage marked (or an HTML `h1`), else the first line when it reads like a title;
 * a title given with the source (JSONL `title`) wins. Bylines are searched before the first paragraph of running
 * text (author, source, date) and after the last one (author and source only: a bare date at the end of a page
 * belongs to a list).
 */
export default function metadata() {
  return (tree: Root, file: VFile) => {
    const data = articleData(file);
    const conv = lineConverter(data.meta.converter);
    const all = lines(tree);
    if (all.length === 0) return;
    const simp = all.map((n) => simplifiedLine(n.data.line.text, conv));

    // Bylines.
    const firstText = simp.findIndex(runningText);
    const lastText = simp.length - 1 - [...simp].reverse().findIndex(runningText);
    const drop = new Set<LineNode>();
    const take = (i: number, m: MetaLine, where: 'head' | 'tail') => {
      const node = all[i]!;
      if (node.data.line.kind === 'title') return;
      if (where === 'tail' && m.author === undefined && m.source === undefined) return;
      for (const k of ['author', 'source', 'published'] as const) {
        const v = m[k];
        if (v !== undefined && typeof data.meta[k] !== 'string') data.meta[k] = v;
      }
      drop.add(node);
      const detail = Object.entries(m)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('; ');
      data.removed.push(removalOf(node.data.line.text, `metadata:${firstField(m)}`, detail));
    };
    // The head: up to the first paragraph of running text, and at least the first few lines (a byline may follow a
    // standfirst).
    const headEnd = Math.min(all.length, Math.max(firstText === -1 ? HEAD_ZONE : firstText, 4));
    for (let i = Math.max(0, headEnd - HEAD_ZONE); i < headEnd; i++) {
      const m = parseMetaLine(simp[i]!);
      if (m) take(i, m, 'head');
    }
    if (firstText !== -1) {
      for (let i = lastText + 1; i < all.length && i <= lastText + TAIL_ZONE; i++) {
        const m = parseMetaLine(simp[i]!);
        if (m) take(i, m, 'tail');
      }
    }
    // Fallbacks from the page's <meta> tags (HTML).
    for (const [k, pk] of [
      ['author', 'pageAuthor'],
      ['source', 'pageSource'],
      ['published', 'pagePublished'],
    ] as const) {
      const v = data.meta[pk];
      if (typeof data.meta[k] !== 'string' && typeof v === 'string' && v.trim()) data.meta[k] = v.trim();
    }

    const kept = all.filter((n) => !drop.has(n));
    tree.children = tree.children.filter((n) => n.type !== 'ParagraphNode' || !drop.has(n as LineNode));

    // Title.
    const given = typeof data.source.meta.title === 'string' ? data.source.meta.title.trim() : undefined;
    let first = kept.find((n) => n.data.line.kind === 'title');
    if (given) {
      data.meta.title = given;
      const match = kept.find((n) => lineKey(n.data.line.text.text) === lineKey(given));
      for (const n of kept) if (n.data.line.kind === 'title' && n !== match) n.data.line.kind = 'heading';
      if (match) match.data.line.kind = 'title';
      first = match;
    } else {
      // Without the chrome stage's decision (stage not run), the first line when it reads like a title.
      if (!first && data.meta.chrome === undefined && kept[0] && !kept[0].data.line.dom && titleShaped(kept[0].data.line.text.text) && kept.length > 1) first = kept[0];
      if (first) {
        first.data.line.kind = 'title';
        data.meta.title = first.data.line.text.text;
      } else if (typeof data.meta.pageTitle === 'string') {
        data.meta.title = data.meta.pageTitle;
      }
    }
    if (first) {
      // The title block goes first; other blocks that were marked title (more h1) become headings.
      for (const n of kept) if (n !== first && n.data.line.kind === 'title') n.data.line.kind = 'heading';
      tree.children = [first, ...tree.children.filter((n) => n !== first)];
    }
  };
}
