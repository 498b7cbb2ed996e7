import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { articleData } from './context.js';
import { lines } from './tree.js';

const TITLE_MAX = 80;

/**
 * Stage `metadata`: the article's title is the first block when it reads like a title (short, no sentence break
 * inside), or an HTML `h1`; it is marked as the title block and stored in the metadata. A title given with the
 * source (JSONL `title`) wins and, when the text repeats it, marks that block.
 */
export default function metadata() {
  return (tree: Root, file: VFile) => {
    const data = articleData(file);
    const all = lines(tree);
    const given = typeof data.source.meta.title === 'string' ? data.source.meta.title.trim() : undefined;
    const first = all.find((n) => n.data.line.kind === 'title') ?? all[0];
    if (!first) return;
    const t = first.data.line.text.text;
    if (given) {
      data.meta.title = given;
      if (t === given) first.data.line.kind = 'title';
      return;
    }
    if (t.length <= TITLE_MAX && !/[。；][^”」』）)]/.test(t)) {
      first.data.line.kind = 'title';
      data.meta.title = t;
      // The title block goes first.
      tree.children = [first, ...tree.children.filter((n) => n !== first)];
    } else if (typeof data.meta.pageTitle === 'string') {
      data.meta.title = data.meta.pageTitle;
    }
  };
}
