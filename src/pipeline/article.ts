import type { Root } from 'nlcst';
import { VFile } from 'vfile';
import { sha256 } from '../io/read.js';
import { articleData, type ArticleFileData } from '../stages/context.js';
import { lines, sentencesOf } from '../stages/tree.js';
import type { ArticleRecord, ParagraphRecord, SourceDoc } from '../types.js';
import type { Processors } from './processor.js';

function metaFromSource(doc: SourceDoc): ArticleFileData['meta'] {
  const meta: ArticleFileData['meta'] = {
    script: 'none',
    region: 'cn',
    converter: 'none',
    contentHash: sha256(doc.content),
  };
  for (const [k, v] of Object.entries(doc.meta)) if (!(k in meta) && k !== 'title') meta[k] = v;
  return meta;
}

/** Run one article through the stages and assemble its record. */
export function processArticle(doc: SourceDoc, processors: Processors): ArticleRecord {
  const t0 = performance.now();
  const file = new VFile({ path: doc.path, value: doc.content });
  file.data.article = { source: doc, meta: metaFromSource(doc), removed: [], stageMs: {}, linesIn: 0 };
  const proc = doc.html ? processors.html : processors.text;
  const tParse = performance.now();
  const tree = proc.parse(file);
  articleData(file).stageMs.parse = performance.now() - tParse;
  const out = proc.runSync(tree, file) as Root;
  const data = articleData(file);

  const paragraphs: ParagraphRecord[] = [];
  let sentenceCount = 0;
  let tokenCount = 0;
  let charsOut = 0;
  for (const node of lines(out)) {
    const index = paragraphs.length;
    const sentences = sentencesOf(node).map((s, k) => {
      const d = s.data.sentence;
      const span = d.original.sourceSpan();
      const tokens = d.tokens ?? [];
      tokenCount += tokens.length;
      return { id: `${doc.id}:${index}:${k}`, original: d.original.text, text: d.simplified ?? d.original.text, tokens, start: span.start, end: span.end };
    });
    if (sentences.length === 0) continue;
    sentenceCount += sentences.length;
    for (const s of sentences) charsOut += s.text.length;
    paragraphs.push({ index, kind: node.data.line.kind, sentences });
  }
  const warnings = [...doc.warnings, ...file.messages.map((m) => `${doc.path}: ${m.reason}`)];
  data.removed.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    id: doc.id,
    source: { path: doc.path, format: doc.format, ...(doc.line !== undefined ? { line: doc.line } : {}), encoding: doc.encoding },
    offsets: 'utf16-code-units-of-decoded-source',
    meta: data.meta,
    paragraphs,
    removed: data.removed,
    warnings,
    stats: {
      charsIn: doc.content.length,
      charsOut,
      linesIn: data.linesIn,
      linesRemoved: data.removed.length,
      paragraphs: paragraphs.length,
      sentences: sentenceCount,
      tokens: tokenCount,
      warnings: warnings.length,
      timeMs: performance.now() - t0,
      stageMs: data.stageMs,
    },
  };
}
