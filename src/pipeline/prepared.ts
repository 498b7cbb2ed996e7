import type { Root } from 'nlcst';
import type { Store } from '../cache/store.js';
import { MappedText } from '../text/mapped.js';
import type { LineNode, SentenceNode } from '../stages/tree.js';
import type { ArticleRecord } from '../types.js';

/**
 * Where a prepared article is stored: the record (an ArticleRecord before segmentation; term statistics are
 * computed from it again when a run needs those of an article it did not prepare) and its Simplified text for
 * term matching (src/cache/terms.ts).
 */
export function preparedFiles(store: Store, prepKey: string): { record: string; text: string } {
  return {
    record: store.keyed('prepared', prepKey, '.json'),
    text: store.keyed('prepared', prepKey, '.text'),
  };
}

/**
 * The nlcst tree of a prepared record, as the `segment` stage expects it: paragraphs holding sentence nodes
 * with their original and Simplified text. Offsets survive in the record itself; the tree's sentences map each
 * code unit to the sentence's whole span.
 */
export function treeOfRecord(rec: ArticleRecord): Root {
  return {
    type: 'RootNode',
    children: rec.paragraphs.map(
      (p): LineNode => ({
        type: 'ParagraphNode',
        data: { line: { text: MappedText.empty(), kind: p.kind, blankBefore: true } },
        children: p.sentences.map(
          (s): SentenceNode => ({
            type: 'SentenceNode',
            children: [],
            data: { sentence: { original: MappedText.spanning(s.original, s.start, s.end), simplified: s.text } },
          }),
        ),
      }),
    ),
  };
}

/** Copy the tokens of a segmented tree back into its record. */
export function tokensIntoRecord(rec: ArticleRecord, tree: Root): void {
  let tokens = 0;
  tree.children.forEach((p, i) => {
    if (p.type !== 'ParagraphNode') return;
    p.children.forEach((s, k) => {
      if (s.type !== 'SentenceNode') return;
      const t = s.data?.sentence?.tokens ?? [];
      rec.paragraphs[i]!.sentences[k]!.tokens = t;
      tokens += t.length;
    });
  });
  rec.stats.tokens = tokens;
}
