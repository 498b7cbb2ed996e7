// A frozen copy of src/glossary/discovery.ts before the n-gram table kept its characters in one buffer and its
// branching-entropy sums up to date (commit dfcca93): tests/discovery-state.test.ts checks that the current
// implementation discovers exactly what this one does. Not used by qingxi itself.

import { hashOf } from '../../src/cache/hash.js';
import { fragmentEdge, HAN_ONLY, jiebaBackground, phraseByDictionary, QUANTIFIERS, type Background } from '../../src/glossary/lexicon.js';
import { resolveOptions, type GlossaryInput, type GlossaryOptions } from '../../src/glossary/options.js';
import { classifyChinese } from '../../src/glossary/pairs.js';
import { FLAG_EXCLUDED, FLAG_QUANTIFIED, FLAG_WORD_END, FLAG_WORD_START, GramTable } from './old-grams.js';
import { pack, unpack } from '../../src/glossary/packed.js';
import { STATS_MAX_LENGTH, statsGrams } from '../../src/glossary/stats.js';
import type { ArticleTermStats, DiscoveredTerm } from '../../src/glossary/types.js';

/** A neighbour and an edge character form a general word when jieba's dictionary has them at least this often. */
const CROSSING_WORD_FREQ = 50;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Metrics {
  count: number;
  docs: number;
  pmi: number;
  leftEntropy: number;
  rightEntropy: number;
  domain: number;
}

/** Branching-entropy sums are kept in fixed point (integers), so that they do not depend on summation order. */
const SCALE = 2 ** 20;
const cLogC = (c: number) => Math.round(c * Math.log(c) * SCALE);

/** The header of a saved discovery state (the n-gram table follows as columns). */
interface SavedHead {
  options: string;
  chars: number;
  floor: number;
  articles: string[];
  pairTerms: [string, number, number][];
}

/**
 * Corpus-wide new-word discovery: merges the per-article n-gram statistics and finds terms by frequency, cohesion
 * (the smallest PMI over a term's binary splits), left and right branching entropy, a domain ratio against jieba's
 * general dictionary, and C-value for nested candidates. Stopwords, page chrome (stoplist), sentence fragments
 * (particles or pronouns at an edge) and banned terms are rejected; forced terms and the Chinese sides of exact
 * bilingual statements are always kept.
 *
 * The state is a sum of the articles' statistics: it does not depend on the order articles are added in, an
 * article can be taken out again (`remove`), and the state can be saved and loaded (`toBuffer`, `fromBuffer`), so
 * that a corpus that changed by a few articles starts from the saved state. Memory is bounded: when more than
 * `maxGrams` n-grams are held, the rarest are pruned (lossy counting), candidates at or below the pruned count are
 * not trusted, and `floor` says so; once pruned, the result depends on the order of additions (add by id) and the
 * state is no longer a plain sum (`exact` is false).
 */
export class TermDiscovery {
  private readonly opts: GlossaryOptions;
  private table = new GramTable();
  private readonly pairTerms = new Map<string, { count: number; docs: number }>();
  private readonly seen = new Set<string>();
  private chars = 0;
  private floorCount = 0;
  private background: Background | undefined;
  /**
   * Resolve each article's new grams as it is added (when articles come in while other work goes on, e.g. as
   * results of workers) rather than all at once in `discover`.
   */
  eager = false;

  constructor(options: GlossaryInput = {}, background?: Background) {
    this.opts = resolveOptions(options);
    this.background = background;
  }

  /** Merge one article's statistics (an article added twice counts once). */
  add(articleId: string, stats: ArticleTermStats): void {
    if (this.seen.has(articleId)) return;
    this.seen.add(articleId);
    this.apply(stats, 1);
    if (this.table.size > this.opts.maxGrams) this.prune();
    else if (this.eager) this.table.resolve(this.flagger);
  }

  /** Take out the statistics of an article added before (exact only while `exact`). */
  remove(articleId: string, stats: ArticleTermStats): void {
    if (!this.seen.delete(articleId)) return;
    this.apply(stats, -1);
  }

  private apply(stats: ArticleTermStats, sign: 1 | -1): void {
    this.chars += sign * stats.chars;
    const maxLen = this.maxLength();
    const { counts } = stats;
    const grams = statsGrams(stats);
    for (let i = 0; i < grams.length; i++) {
      const g = grams[i]!;
      this.table.add(g, sign * counts[i]!, g.length >= 2 && g.length <= maxLen ? sign : 0);
    }
    for (const [t, c] of stats.pairTerms) {
      const p = this.pairTerms.get(t) ?? { count: 0, docs: 0 };
      p.count += sign * c;
      p.docs += sign;
      if (p.docs > 0) this.pairTerms.set(t, p);
      else this.pairTerms.delete(t);
    }
  }

  /** The state as bytes (articles, character count, pair terms and the n-gram table), for `fromBuffer`. */
  toBuffer(): Buffer {
    const head: SavedHead = {
      options: this.optionsKey(),
      chars: this.chars,
      floor: this.floorCount,
      articles: [...this.seen].sort(cmpStr),
      pairTerms: [...this.pairTerms].sort(([a], [b]) => cmpStr(a, b)).map(([t, p]) => [t, p.count, p.docs]),
    };
    return pack({ head, ...this.table.columns(this.flagger) });
  }

  /** A discovery state saved by `toBuffer` (with the same options). */
  static fromBuffer(buf: Buffer, options: GlossaryInput = {}, background?: Background): TermDiscovery {
    const { head, strings, int32, uint8 } = unpack(buf, { int32: 4, uint8: 1 });
    const h = head as SavedHead;
    const d = new TermDiscovery(options, background);
    // The saved flags hold the options' word lists.
    if (h.options !== d.optionsKey()) throw new Error('term discovery state: counted with other options');
    d.chars = h.chars;
    d.floorCount = h.floor;
    for (const a of h.articles) d.seen.add(a);
    for (const [t, count, docs] of h.pairTerms) d.pairTerms.set(t, { count, docs });
    d.table = GramTable.fromColumns(strings, int32, uint8);
    return d;
  }

  /** What the saved flags depend on besides jieba's dictionary: the options' word lists and n-gram length. */
  private optionsKey(): string {
    const list = (x: Iterable<string>) => [...x].sort(cmpStr).join(' ');
    return hashOf('discovery options', String(this.maxLength()), list(this.opts.stopwords), list(this.opts.ban));
  }

  /** Articles merged (the ids given to `add`). */
  get articles(): ReadonlySet<string> {
    return this.seen;
  }

  /** Number of n-grams held (for memory checks). */
  get size(): number {
    return this.table.size;
  }

  /** Highest count pruned so far (0: nothing pruned; the state is the exact sum of the articles). */
  get floor(): number {
    return this.floorCount;
  }

  get exact(): boolean {
    return this.floorCount === 0;
  }

  private maxLength(): number {
    return Math.max(2, Math.min(this.opts.maxLength, STATS_MAX_LENGTH));
  }

  /** Drop the rarest n-grams (never single characters) until at most half of maxGrams remain. */
  private prune(): void {
    const hist = new Map<number, number>();
    const { grams, count } = this.table;
    for (let i = 0; i < grams.length; i++) if (count[i]! > 0 && grams[i]!.length > 1) hist.set(count[i]!, (hist.get(count[i]!) ?? 0) + 1);
    const target = Math.floor(this.opts.maxGrams / 2);
    let remaining = [...hist.values()].reduce((a, b) => a + b, 0);
    let t = this.floorCount;
    for (const c of [...hist.keys()].sort((a, b) => a - b)) {
      if (remaining <= target) break;
      remaining -= hist.get(c)!;
      t = Math.max(t, c);
    }
    this.table.pruneAtMost(t);
    this.floorCount = t;
  }

  /** Frequency, cohesion, branching entropy and domain ratio of one string (undefined when never seen). */
  metrics(w: string): Metrics | undefined {
    const c = this.table.countOf(w);
    if (!c) return undefined;
    const n = Math.max(this.chars, 1);
    let pmi = Infinity;
    for (let k = 1; k < w.length; k++) {
      const a = this.table.countOf(w.slice(0, k));
      const b = this.table.countOf(w.slice(k));
      pmi = Math.min(pmi, a && b ? Math.log((c * n) / (a * b)) : Infinity);
    }
    const bg = this.bg();
    const domain = Math.log((c / n) / (((bg.freq.get(w) ?? 0) + 1) / bg.total));
    return { count: c, docs: this.table.docsOf(w), pmi: w.length > 1 ? pmi : 0, leftEntropy: 0, rightEntropy: 0, domain };
  }

  /** The flags of a gram (grams.ts): whether its edges make general words, whether it starts with a numeral. */
  private readonly flagger = (g: string): number => {
    if (g.length < 2) return FLAG_EXCLUDED;
    const excluded = this.excluded(g) ? FLAG_EXCLUDED : 0;
    const bg = this.bg().freq;
    const word = (x: string) => (bg.get(x) ?? 0) >= CROSSING_WORD_FREQ;
    return excluded | (word(g.slice(0, 2)) ? FLAG_WORD_START : 0) | (word(g.slice(-2)) ? FLAG_WORD_END : 0) | (QUANTIFIERS.has(g[0]!) ? FLAG_QUANTIFIED : 0);
  };

  private bg(): Background {
    this.background ??= jiebaBackground();
    return this.background;
  }

  /**
   * Left and right branching entropy of every gram of length 2..maxLength (by id), from the (n+1)-grams: the
   * right neighbours of w are the grams whose prefix is w, the left ones those whose suffix is w.
   */
  private entropies(): { left: Float64Array; right: Float64Array; quantified: Float64Array; crossing: Float64Array } {
    const t = this.table;
    t.resolve(this.flagger);
    const maxLen = this.maxLength();
    const n = t.length;
    // Σ c·log c of the left and right neighbours (fixed point); occurrences after a numeral or determiner;
    // occurrences whose first or last character makes a general word with the neighbour (大量|数据 → 量数据, 语言模|型).
    const sl = new Float64Array(n);
    const sr = new Float64Array(n);
    const quant = new Float64Array(n);
    const cross = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = t.count[i]!;
      if (c === 0) continue;
      const len = t.grams[i]!.length;
      if (len < 3 || len > maxLen + 1) continue;
      const cl = cLogC(c);
      const f = t.flags[i]!;
      const right = t.pre[i]!;
      const left = t.suf[i]!;
      if (right >= 0) {
        sr[right] += cl;
        if (f & FLAG_WORD_END) cross[right] += c;
      }
      if (left >= 0) {
        sl[left] += cl;
        if (f & FLAG_QUANTIFIED) quant[left] += c;
        if (f & FLAG_WORD_START) cross[left] += c;
      }
    }
    const left = new Float64Array(n);
    const right = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = t.count[i]!;
      const len = t.grams[i]!.length;
      if (c === 0 || len < 2 || len > maxLen) continue;
      // Occurrences at a run boundary (or next to a pruned n-gram) count as distinct neighbours (c log c = 0).
      left[i] = Math.max(0, Math.log(c) - sl[i]! / SCALE / c);
      right[i] = Math.max(0, Math.log(c) - sr[i]! / SCALE / c);
      quant[i] = quant[i]! / c;
      cross[i] = cross[i]! / c;
    }
    return { left, right, quantified: quant, crossing: cross };
  }

  /** A term that may never be returned (stopword, banned, fragment, not Han). */
  private excluded(w: string): boolean {
    return !HAN_ONLY.test(w) || this.opts.stopwords.has(w) || this.opts.ban.has(w) || fragmentEdge(w);
  }

  /** The discovered terms, best first. Deterministic. */
  discover(): DiscoveredTerm[] {
    const o = this.opts;
    const ent = this.entropies();
    const t = this.table;
    const maxLen = this.maxLength();
    const cands = new Map<string, Metrics>();
    for (let i = 0; i < t.length; i++) {
      const c = t.count[i]!;
      const w = t.grams[i]!;
      if (c === 0 || t.flags[i]! & FLAG_EXCLUDED || w.length > maxLen) continue;
      if (c < o.minCount || c <= this.floorCount) continue;
      const hl = ent.left[i]!;
      const hr = ent.right[i]!;
      if (Math.min(hl, hr) < o.minEntropy || ent.quantified[i]! >= 0.5 || ent.crossing[i]! >= 0.5) continue;
      const m = this.metrics(w)!;
      if (m.pmi < o.minPmi || m.domain < o.minDomain) continue;
      if (!o.force.includes(w) && phraseByDictionary(w, this.bg(), o.stopwords)) continue;
      m.leftEntropy = hl;
      m.rightEntropy = hr;
      cands.set(w, m);
    }
    // C-value: a candidate keeps only the frequency its direct parents (the shortest longer candidates that
    // contain it) do not explain; one that never occurs on its own (亿美 in 亿美元 and 亿美金) is dropped.
    const parents = new Map<string, string[]>();
    for (const b of cands.keys()) {
      const subs = new Set<string>();
      for (let i = 0; i < b.length; i++) for (let j = i + 2; j <= b.length; j++) if (j - i < b.length) subs.add(b.slice(i, j));
      for (const a of subs) {
        if (!cands.has(a)) continue;
        let l = parents.get(a);
        if (!l) parents.set(a, (l = []));
        l.push(b);
      }
    }
    const out = new Map<string, DiscoveredTerm>();
    for (const [w, m] of cands) {
      const all = parents.get(w) ?? [];
      const direct = all.filter((b) => !all.some((c) => c !== b && c.length < b.length && b.includes(c)));
      const f = m.count - direct.reduce((n, b) => n + cands.get(b)!.count, 0);
      const cvalue = Math.log2(w.length) * f;
      if (cvalue < 1) continue;
      const t = this.term(w, m, cvalue, 'statistics');
      if (this.compound(w, m.count, cands)) t.compound = true;
      out.set(w, t);
    }
    const ranked = [...out.values()].sort((a, b) => b.score - a.score || cmpStr(a.term, b.term)).slice(0, o.maxTerms);
    const result = new Map(ranked.map((t) => [t.term, t]));
    for (const [w, p] of this.pairTerms) {
      if (this.opts.ban.has(w) || this.opts.stopwords.has(w) || classifyChinese(w)) continue;
      const m = this.metrics(w);
      const prior = result.get(w);
      const t = prior ?? this.term(w, m ?? { count: p.count, docs: p.docs, pmi: 0, leftEntropy: 0, rightEntropy: 0, domain: 0 }, 0, 'pair');
      t.source = 'pair';
      t.count = Math.max(t.count, p.count);
      t.docs = Math.max(t.docs, p.docs);
      result.set(w, t);
    }
    for (const w of o.force) {
      if (!w || o.ban.has(w)) continue;
      const m = this.metrics(w);
      const prior = result.get(w);
      const t = prior ?? this.term(w, m ?? { count: 0, docs: 0, pmi: 0, leftEntropy: 0, rightEntropy: 0, domain: 0 }, 0, 'forced');
      t.source = 'forced';
      result.set(w, t);
    }
    return [...result.values()].sort((a, b) => b.score - a.score || cmpStr(a.term, b.term));
  }

  /** Whether `w` splits into two words (general or discovered) that both occur apart from it. */
  private compound(w: string, count: number, cands: ReadonlyMap<string, unknown>): boolean {
    const bg = this.bg().freq;
    for (let k = 2; k <= w.length - 2; k++) {
      const a = w.slice(0, k);
      const b = w.slice(k);
      const word = (x: string) => bg.get(x) !== undefined || cands.has(x);
      if (word(a) && word(b) && this.table.countOf(a) > count && this.table.countOf(b) > count) return true;
    }
    return false;
  }

  private term(w: string, m: Metrics, cvalue: number, source: DiscoveredTerm['source']): DiscoveredTerm {
    const docsFactor = 1 + Math.log(Math.max(1, m.docs));
    const domainFactor = Math.min(1, Math.max(0, m.domain) / 8);
    const score = cvalue > 0 ? cvalue * docsFactor * domainFactor : 0;
    return {
      term: w,
      count: m.count,
      docs: m.docs,
      pmi: round(Number.isFinite(m.pmi) ? m.pmi : 0),
      leftEntropy: round(m.leftEntropy),
      rightEntropy: round(m.rightEntropy),
      cvalue: round(cvalue),
      domain: round(m.domain),
      score: round(score),
      source,
    };
  }
}

/**
 * Words to add to the segmenter's dictionary: the Chinese sides of bilingual statements, forced terms, and the
 * discovered terms that are words rather than compounds of words that also occur apart (大模型, 预训练, 百模大战,
 * 阶跃星辰 go in; 训练大模型 = 训练 + 大模型 and 模型架构 = 模型 + 架构 stay out, so the segmenter keeps cutting
 * phrases into words). Sorted, so the segmenter is set up the same way on every run.
 */
export function termsForSegmenter(terms: readonly DiscoveredTerm[]): string[] {
  const out = new Set<string>();
  for (const t of terms) {
    const w = t.term.trim();
    if (w.length < 2 || /[\r\n\t]/.test(w)) continue;
    if (t.source === 'statistics' && t.compound) continue;
    out.add(w);
  }
  return [...out].sort(cmpStr);
}
