import type { SourceDoc } from '../types.js';
import { hashOf } from './hash.js';

/**
 * The cache keys of one article, from its source to its outputs. Each includes the one before, so a key names
 * everything its result depends on:
 *   docKey  = engine + the whole source article (content, metadata from JSONL or sidecar, path, line, encoding)
 *   prepKey = docKey + the corpus-knowledge lookups its preparation made, with their answers
 *   segKey  = prepKey + the discovered terms that occur in its Simplified text
 */
export function docKeyOf(engine: string, doc: SourceDoc): string {
  // The content as a part of its own: JSON-escaping a whole page (the survey and the prepare pass key every
  // article) cost more than hashing it.
  const { content, ...rest } = doc;
  return hashOf('doc', engine, JSON.stringify(rest), content);
}

export function prepKeyOf(docKey: string, depsJson: string): string {
  return hashOf('prep', docKey, depsJson);
}

/** The key of a failed preparation (it depends on all the knowledge). */
export function failedPrepKeyOf(docKey: string, knowledgeHash: string): string {
  return hashOf('prep-failed', docKey, knowledgeHash);
}

export function segKeyOf(prepKey: string, matched: readonly string[]): string {
  return hashOf('seg', prepKey, JSON.stringify(matched));
}

export function termsHashOf(terms: readonly string[]): string {
  return hashOf('terms', JSON.stringify(terms));
}
