import type { Root } from 'nlcst';
import { splitSentences } from '../text/sentences.js';
import type { StageContext } from './context.js';
import { lines, type SentenceNode } from './tree.js';

/** Stage `sentences`: each paragraph's text becomes sentence nodes, each keeping its source span. */
export default function sentences(ctx: StageContext) {
  const opts = { semicolon: ctx.config.config.sentences.splitAtSemicolon };
  return (tree: Root) => {
    for (const node of lines(tree)) {
      const text = node.data.line.text;
      node.children = splitSentences(text.text, opts).map(([a, b]): SentenceNode => {
        const original = text.slice(a, b);
        const span = original.sourceSpan();
        return {
          type: 'SentenceNode',
          children: [],
          data: { sentence: { original } },
          position: { start: { line: 0, column: 0, offset: span.start }, end: { line: 0, column: 0, offset: span.end } },
        };
      });
    }
  };
}
