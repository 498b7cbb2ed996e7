import { lineConverter } from '../chrome/line-converter.js';
import type { ArticleRecord, SentenceRecord } from '../types.js';
import { HAN_ONLY } from './lexicon.js';
import { findPairs } from './pairs.js';
import { chineseSentences } from './stats.js';
import type { BoundaryCandidate, OccurrenceEvidence, TermEvidence } from './types.js';

/** Longest Chinese side (characters) and most tokens a `中文（English）` boundary candidate may have. */
const MAX_CANDIDATE_CHARS = 16;
const MAX_CANDIDATE_TOKENS = 6;
const SENTENCE_IDS = 5;

/** Offsets of each token in `text` (tokens are in order; whitespace between them is dropped). */
export function tokenSpans(text: string, tokens: readonly string[]): { start: number; end: number }[] | undefined {
  const spans: { start: number; end: number }[] = [];
  let at = 0;
  for (const t of tokens) {
    const i = text.indexOf(t, at);
    if (i < 0) return undefined;
    spans.push({ start: i, end: i + t.length });
    at = i + t.length;
  }
  return spans;
}

/**
 * Maps offsets of a sentence's Simplified text back to its source-script text. Conversion usually keeps lengths
 * (character for character); when phrase conversion changed them, the two are aligned by a longest common
 * subsequence over the character-by-character conversion.
 */
class ScriptAligner {
  private map: Int32Array | undefined;

  constructor(
    private readonly s: SentenceRecord,
    private readonly conv: (x: string) => string,
  ) {}

  /** The source-script form of `text[start, end)`, when it differs. */
  variant(start: number, end: number): string | undefined {
    const { original, text } = this.s;
    if (original === text) return undefined;
    let v: string | undefined;
    if (original.length === text.length) v = original.slice(start, end);
    else {
      // The span's own characters where they align, else the nearest aligned characters around it.
      const map = this.alignment();
      let a = map[start]!;
      if (a < 0) {
        let j = start - 1;
        while (j >= 0 && map[j]! < 0) j--;
        a = j >= 0 ? map[j]! + 1 : 0;
      }
      let b = map[end - 1]!;
      if (b >= 0) b++;
      else {
        let j = end;
        while (j < text.length && map[j]! < 0) j++;
        b = j < text.length ? map[j]! : original.length;
      }
      if (b > a) v = original.slice(a, b);
    }
    return v !== undefined && v !== text.slice(start, end) && this.conv(v) === text.slice(start, end) ? v : undefined;
  }

  private alignment(): Int32Array {
    if (this.map) return this.map;
    const o = [...this.s.original].map((c) => this.conv(c));
    const t = this.s.text;
    const n = o.length;
    const m = t.length;
    const dp = new Uint16Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i * (m + 1) + j] = o[i] === t[j] ? dp[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(dp[(i + 1) * (m + 1) + j]!, dp[i * (m + 1) + j + 1]!);
      }
    }
    const map = new Int32Array(m).fill(-1);
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (o[i] === t[j]) map[j++] = i++;
      else if (dp[(i + 1) * (m + 1) + j]! >= dp[i * (m + 1) + j + 1]!) i++;
      else j++;
    }
    this.map = map;
    return map;
  }
}

function countIn(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * Glossary evidence of one segmented article: bilingual statements (with boundary candidates for
 * `中文（English）`), occurrences of every Han word of two characters or more (with its source-script forms),
 * and the brackets rejected as non-translations. Runs in a worker.
 */
export function collectEvidence(rec: ArticleRecord): TermEvidence[] {
  // (The thread's remembering converter: a term's source-script form is checked at each of its occurrences, and
  // the same words recur across a site's articles.)
  const conv = lineConverter(rec.meta.converter);
  const sentences = [...chineseSentences(rec)];
  const whole = sentences.map((s) => s.text).join('\n');
  const out: TermEvidence[] = [];
  const occ = new Map<string, OccurrenceEvidence & { variantSet: Set<string> }>();

  for (const s of sentences) {
    const align = new ScriptAligner(s, conv);
    const spans = tokenSpans(s.text, s.tokens);
    if (spans) {
      for (let k = 0; k < s.tokens.length; k++) {
        const t = s.tokens[k]!;
        if (t.length < 2 || !HAN_ONLY.test(t)) continue;
        let o = occ.get(t);
        if (!o) occ.set(t, (o = { kind: 'occurrence', term: t, count: 0, sentenceIds: [], variants: [], variantSet: new Set() }));
        o.count++;
        if (o.sentenceIds.length < SENTENCE_IDS && o.sentenceIds[o.sentenceIds.length - 1] !== s.id) o.sentenceIds.push(s.id);
        const v = align.variant(spans[k]!.start, spans[k]!.end);
        if (v) o.variantSet.add(v);
      }
    }

    const { pairs, rejected } = findPairs(s.text);
    for (const p of pairs) {
      if (p.zh) {
        const variant = align.variant(p.zh.start, p.zh.end);
        out.push({ kind: 'pair', term: p.zh.text, english: p.english, pattern: p.pattern, sentenceId: s.id, ...(variant ? { variant } : {}) });
        continue;
      }
      const run = p.run!;
      const starts: number[] = [];
      if (spans && spans.some((x) => x.end === run.end)) {
        for (const x of spans) if (x.start >= run.start && x.end <= run.end) starts.push(x.start);
      } else {
        for (let i = run.start; i < run.end - 1; i++) starts.push(i);
      }
      const candidates: BoundaryCandidate[] = [];
      const variants: (string | undefined)[] = [];
      for (let k = starts.length - 1; k >= 0; k--) {
        const text = s.text.slice(starts[k]!, run.end);
        const tokens = starts.length - k;
        if (text.length > MAX_CANDIDATE_CHARS || tokens > MAX_CANDIDATE_TOKENS) break;
        candidates.push({ text, tokens, count: countIn(whole, text) });
        variants.push(align.variant(starts[k]!, run.end));
      }
      if (candidates.length === 0) continue;
      out.push({
        kind: 'pair',
        candidates,
        english: p.english,
        pattern: p.pattern,
        sentenceId: s.id,
        ...(variants.some((v) => v !== undefined) ? { variants } : {}),
      });
    }
    for (const r of rejected) out.push({ kind: 'rejected', reason: r.reason, text: r.text, sentenceId: s.id });
  }

  for (const o of [...occ.values()].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))) {
    const { variantSet, ...rest } = o;
    out.push({ ...rest, variants: [...variantSet].sort() });
  }
  return out;
}
