import type { Paragraph, Root, Sentence } from 'nlcst';
import type { MappedText } from '../text/mapped.js';
import type { LineData, Removal, SentenceData } from '../types.js';

/**
 * Helpers for the nlcst document every stage works on: a Root of Paragraph nodes, one per source line (text) or
 * block (HTML), whose `data.line` holds the mapped text; after the `sentences` stage each paragraph holds Sentence
 * nodes whose `data.sentence` holds the sentence, and after `segment` their children are the tokens.
 */
export type LineNode = Paragraph & { data: { line: LineData } };
export type SentenceNode = Sentence & { data: { sentence: SentenceData } };

export function lineNode(line: LineData): LineNode {
  const span = line.text.sourceSpan();
  return {
    type: 'ParagraphNode',
    children: [],
    data: { line },
    position: { start: { line: 0, column: 0, offset: span.start }, end: { line: 0, column: 0, offset: span.end } },
  } as LineNode;
}

export function lines(root: Root): LineNode[] {
  return root.children.filter((n): n is LineNode => n.type === 'ParagraphNode' && !!n.data?.line);
}

/**
 * The record of `text` removed by `rule`: its source span and its text. (Written out field by field: an object
 * spread followed by more fields is a slow path of V8, and stages record thousands of removals per article.)
 */
export function removalOf(text: MappedText, rule: string, detail?: string): Removal {
  const { start, end } = text.sourceSpan();
  return detail === undefined ? { start, end, text: text.text, rule } : { start, end, text: text.text, rule, detail };
}

export function sentencesOf(p: Paragraph): SentenceNode[] {
  return p.children.filter((n): n is SentenceNode => n.type === 'SentenceNode' && !!n.data?.sentence);
}
