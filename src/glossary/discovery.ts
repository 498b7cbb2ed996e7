import { hashOf } from '../cache/hash.js';
import { frequentPairs } from './background.js';
import { fragmentEdgeAt, isHanCode, jiebaBackground, phraseByDictionary, QUANTIFIERS, type Background } from './lexicon.js';
import { resolveOptions, type GlossaryInput, type GlossaryOptions } from './options.js';
import { classifyChinese } from './pairs.js';
import {
  FLAG_EXCLUDED,
  FLAG_PHRASE,
  FLAG_PHRASE_KNOWN,
  FLAG_QUANTIFIED,
  FLAG_SCREENED,
  FLAG_WORD_END,
  FLAG_WORD_START,
  GRAM_COLUMNS,
  GramTable,
  logOf,
  SCALE,
  type GramColumns,
} from './grams.js';
import { packColumns, unpackColumns, type ColumnType } from './packed.js';
import { STATS_MAX_LENGTH } from './stats.js';
import type { ArticleTermStats, DiscoveredTerm } from './types.js';

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

/**
 * The version of the saved state's layout (packed.ts columns: the gram characters, GRAM_COLUMNS, the hash index's
 * slots). The slots depend on string-index.ts's hash function: a change there needs a new version.
 */
const STATE_VERSION = 3;
const STATE_COLUMNS: ColumnType[] = ['u16', 'u16', 'i32', 'i32', 'i32', 'i32', 'u8', 'f64', 'f64', 'f64', 'f64', 'i32'];

/** The header of a saved discovery state (the n-gram table follows as columns). */
interface SavedHead {
  options: string;
  chars: number;
  floor: number;
  articles: string[];
  pairTerms: [string, number, number][];
  /** Ids and characters in use in the n-gram table's columns (room for more follows). */
  grams: number;
  gramChars: number;
}

/** QUANTIFIERS as UTF-16 code units. */
const QUANTIFIER_CODES = new Set([...QUANTIFIERS].map((c) => c.charCodeAt(0)));

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
  private table: GramTable;
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
    this.table = new GramTable(this.maxLength() + 1);
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
    const { gramChars, lengths, counts } = stats;
    let total = 0;
    let empty = false;
    for (const n of lengths) {
      total += n;
      empty ||= n === 0;
    }
    if (empty || total !== gramChars.length || counts.length !== lengths.length) throw new Error('term statistics: grams, lengths and counts disagree');
    for (let i = 0, at = 0; i < lengths.length; i++) {
      const n = lengths[i]!;
      this.table.add(gramChars, at, n, sign * counts[i]!, n >= 2 && n <= maxLen ? sign : 0);
      at += n;
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
    const { columns: c, slots, grams, chars } = this.table.toColumns(this.flagger, this.screen);
    const head: SavedHead = {
      options: this.optionsKey(),
      chars: this.chars,
      floor: this.floorCount,
      articles: [...this.seen].sort(cmpStr),
      pairTerms: [...this.pairTerms].sort(([a], [b]) => cmpStr(a, b)).map(([t, p]) => [t, p.count, p.docs]),
      grams,
      gramChars: chars,
    };
    return packColumns(head, STATE_VERSION, [c.chars, ...GRAM_COLUMNS.map((k) => c[k]), slots]);
  }

  /** A discovery state saved by `toBuffer` (with the same options). The state takes `buf` over: its columns are used in place. */
  static fromBuffer(buf: Buffer, options: GlossaryInput = {}, background?: Background): TermDiscovery {
    const { head, columns } = unpackColumns(buf, STATE_VERSION, STATE_COLUMNS);
    const h = head as SavedHead;
    const d = new TermDiscovery(options, background);
    // The saved flags hold the options' word lists and minimum entropy (FLAG_SCREENED).
    if (h.options !== d.optionsKey()) throw new Error('term discovery state: counted with other options');
    d.chars = h.chars;
    d.floorCount = h.floor;
    for (const a of h.articles) d.seen.add(a);
    for (const [t, count, docs] of h.pairTerms) d.pairTerms.set(t, { count, docs });
    const c = { chars: columns[0] } as Record<string, unknown>;
    GRAM_COLUMNS.forEach((k, i) => (c[k] = columns[i + 1]));
    d.table = GramTable.fromColumns(d.maxLength() + 1, c as unknown as GramColumns, columns[GRAM_COLUMNS.length + 1] as Int32Array, h.grams, h.gramChars);
    return d;
  }

  /** What the saved flags depend on besides jieba's dictionary: the options' word lists, minimum entropy and n-gram length. */
  private optionsKey(): string {
    const list = (x: Iterable<string>) => [...x].sort(cmpStr).join(' ');
    return hashOf('discovery options', String(this.maxLength()), String(this.opts.minEntropy), list(this.opts.stopwords), list(this.opts.ban));
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
    const { count, len, length } = this.table;
    for (let i = 0; i < length; i++) if (count[i]! > 0 && len[i]! > 1) hist.set(count[i]!, (hist.get(count[i]!) ?? 0) + 1);
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
    const i = this.table.id(w);
    return i === undefined ? undefined : this.metricsAt(i, w);
  }

  /** Scratch space of `metricsAt`. */
  private readonly parts = { prefix: new Int32Array(STATS_MAX_LENGTH + 2), suffix: new Int32Array(STATS_MAX_LENGTH + 2) };

  /** `metrics` of gram `i` (`w`, held), with its parts' counts found by id (by lookup where an id is missing). */
  private metricsAt(i: number, w: string): Metrics {
    const t = this.table;
    const c = t.count[i]!;
    const n = Math.max(this.chars, 1);
    let pmi = Infinity;
    const { prefix, suffix } = this.parts;
    t.partCounts(i, prefix, suffix);
    for (let k = 1; k < w.length; k++) {
      const a = prefix[k]!;
      const b = suffix[w.length - k]!;
      pmi = Math.min(pmi, a && b ? Math.log((c * n) / (a * b)) : Infinity);
    }
    const bg = this.bg();
    const domain = Math.log((c / n) / (((bg.freq.get(w) ?? 0) + 1) / bg.total));
    return { count: c, docs: t.docs[i]!, pmi: w.length > 1 ? pmi : 0, leftEntropy: 0, rightEntropy: 0, domain };
  }

  /**
   * The flags of gram `i` (grams.ts), from its code units: whether it may never be a term, whether its edges make
   * general words, whether it starts with a numeral.
   */
  private readonly flagger = (i: number): number => {
    const { chars } = this.table;
    const at = this.table.start[i]!;
    const n = this.table.len[i]!;
    if (n < 2) return FLAG_EXCLUDED;
    const excluded = this.excluded(i, chars, at, n) ? FLAG_EXCLUDED : 0;
    const pairs = (this.pairs ??= frequentPairs(this.bg().freq, CROSSING_WORD_FREQ) ?? null);
    const first = chars[at]!;
    const second = chars[at + 1]!;
    const penult = chars[at + n - 2]!;
    const last = chars[at + n - 1]!;
    let start: boolean;
    let end: boolean;
    if (pairs) {
      start = pairs.has((first << 16) | second);
      end = pairs.has((penult << 16) | last);
    } else {
      const bg = this.bg().freq;
      start = (bg.get(String.fromCharCode(first, second)) ?? 0) >= CROSSING_WORD_FREQ;
      end = (bg.get(String.fromCharCode(penult, last)) ?? 0) >= CROSSING_WORD_FREQ;
    }
    return excluded | (start ? FLAG_WORD_START : 0) | (end ? FLAG_WORD_END : 0) | (QUANTIFIER_CODES.has(first) ? FLAG_QUANTIFIED : 0);
  };

  /** The background's frequent two-character words (background.ts frequentPairs); null when it cannot list them. */
  private pairs: Set<number> | null | undefined;

  private bg(): Background {
    this.background ??= jiebaBackground();
    return this.background;
  }

  /**
   * Left and right branching entropy of gram `i`, from the neighbours' Σ c·log c. Occurrences at a run boundary
   * (or next to a pruned n-gram) count as distinct neighbours (c log c = 0).
   */
  private entropies(i: number): [left: number, right: number] {
    const t = this.table;
    const c = t.count[i]!;
    const logC = logOf(c);
    return [Math.max(0, logC - t.leftSum[i]! / SCALE / c), Math.max(0, logC - t.rightSum[i]! / SCALE / c)];
  }

  /**
   * The screen a gram (count > 0) passes before its other metrics are computed: branching entropy on both sides,
   * fewer than half its occurrences after a numeral or determiner, fewer than half across a general word. Kept
   * in the table's FLAG_SCREENED (grams.ts) for the grams whose columns changed.
   */
  private readonly screen = (i: number): boolean => {
    const t = this.table;
    const c = t.count[i]!;
    const [hl, hr] = this.entropies(i);
    return Math.min(hl, hr) >= this.opts.minEntropy && t.quantSum[i]! / c < 0.5 && t.crossSum[i]! / c < 0.5;
  };

  /** Whether jieba's dictionary cuts gram `i` (`w`) into a phrase; kept in the gram's flags once computed. */
  private phrase(i: number, w: string): boolean {
    const t = this.table;
    const f = t.flags[i]!;
    if (f & FLAG_PHRASE_KNOWN) return (f & FLAG_PHRASE) !== 0;
    const p = phraseByDictionary(w, this.bg(), this.opts.stopwords);
    t.flags[i] = f | FLAG_PHRASE_KNOWN | (p ? FLAG_PHRASE : 0);
    return p;
  }

  /**
   * Whether gram `i`, `chars[at .. at + n)`, may never be returned (fragment, not Han, stopword, banned). A string
   * is made only for a gram whose first character begins a listed word.
   */
  private excluded(i: number, chars: Uint16Array, at: number, n: number): boolean {
    if (fragmentEdgeAt(chars, at, n)) return true;
    for (let k = at; k < at + n; k++) if (!isHanCode(chars[k]!)) return true;
    this.listedFirst ??= new Set([...this.opts.stopwords, ...this.opts.ban].filter((w) => w.length > 0).map((w) => w.charCodeAt(0)));
    if (!this.listedFirst.has(chars[at]!)) return false;
    const w = this.table.gram(i);
    return this.opts.stopwords.has(w) || this.opts.ban.has(w);
  }

  /** The first characters of the stopwords and banned words. */
  private listedFirst: Set<number> | undefined;

  /** The discovered terms, best first. Deterministic. */
  discover(): DiscoveredTerm[] {
    const o = this.opts;
    const t = this.table;
    t.resolve(this.flagger);
    const maxLen = this.maxLength();
    const minCount = Math.max(o.minCount, this.floorCount + 1);
    t.refreshScreen(this.screen);
    const { count, flags, len } = t;
    const cands = new Map<string, Metrics>();
    for (let i = 0; i < t.length; i++) {
      const c = count[i]!;
      // Count 0: removed. Single characters are excluded. FLAG_SCREENED: `screen` below.
      if (c === 0 || c < minCount || flags[i]! & FLAG_EXCLUDED || !(flags[i]! & FLAG_SCREENED) || len[i]! > maxLen) continue;
      const [hl, hr] = this.entropies(i);
      const w = t.gram(i);
      const m = this.metricsAt(i, w);
      if (m.pmi < o.minPmi || m.domain < o.minDomain) continue;
      if (!o.force.includes(w) && this.phrase(i, w)) continue;
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
