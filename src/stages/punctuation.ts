import type { Root } from 'nlcst';
import type { StageContext } from './context.js';
import { normalisePunctuation } from '../text/punctuation.js';
import { lines } from './tree.js';

/**
 * Stage `punctuation`: width and punctuation the way Chinese typography wants them, whitespace collapsed.
 * Numbers, versions, URLs and Latin phrases stay exactly as they were. Lines left empty are dropped.
 */
export default function punctuation(ctx: StageContext) {
  const opts = ctx.config.config.punctuation;
  return (tree: Root) => {
    for (const node of lines(tree)) node.data.line.text = normalisePunctuation(node.data.line.text, opts);
    tree.children = tree.children.filter((n) => n.type !== 'ParagraphNode' || (n.data?.line?.text.length ?? 1) > 0);
  };
}
