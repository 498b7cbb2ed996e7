import { fragmentEdge, isTransliteration, START_STOP } from './lexicon.js';
import { resolveOptions, type GlossaryInput, type GlossaryOptions } from './options.js';
import { classifyChinese, isAcronym } from './pairs.js';
import type { DiscoveredTerm, EnglishEquivalent, GlossaryEntry, PairEvidence, RejectReason, TermEvidence } from './types.js';

const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round = (x: number) => Math.round(x * 100) / 100;

/** Order of sentence ids `<article>:<paragraph>:<sentence>`: by article, then paragraph and sentence numbers. */
export function cmpSentenceId(a: string, b: string): number {
  const sa = a.lastIndexOf(':');
  const pa = a.lastIndexOf(':', sa - 1);
  const sb = b.lastIndexOf(':');
  const pb = b.lastIndexOf(':', sb - 1);
  const ida = a.slice(0, pa);
  const idb = b.slice(0, pb);
  if (ida !== idb) return cmpStr(ida, idb);
  return Number(a.slice(pa + 1, sa)) - Number(b.slice(pb + 1, sb)) || Number(a.slice(sa + 1)) - Number(b.slice(sb + 1));
}

/** Tokens before a term that end it on the left: a `中文（English）` boundary never extends over them. */
const BLOCKING = new Set(
  '使用 采用 利用 通过 基于 推出 发布 名为 称为 叫做 被称为 作为 包括 提出 开发 研发 打造 引入 加入 用于 对于 关于 以及 还有 这种 一种 一个 这个 那个 所谓 叫 称 用 是 即 和 与 及 或 把 被 将 让 由 从 向 在 对 为 中 上 下'.split(' '),
);
/** English words that carry no term content when counting an English term's size. */
const FILLER = new Set(['of', 'the', 'a', 'an', 'and', 'for', 'to', 'in', 'on', 'with', 'by', 'from']);
/** English qualifiers that a translation must carry too: `Encoder-only` is not 编码器. */
const QUALIFIERS: Record<string, RegExp> = {
  only: /[仅只纯唯]/,
  based: /基于/,
  like: /类|式/,
  style: /风格|式/,
  free: /[无免]/,
  aware: /感知/,
  specific: /特定|专用/,
  level: /级/,
  driven: /驱动/,
  oriented: /面向|导向/,
  centric: /中心/,
};

/** Lower-cased words of an English term, camel case and hyphens split, plurals folded. */
export function englishWords(en: string): string[] {
  let words = wordsOf.get(en);
  if (words === undefined) {
    if (wordsOf.size >= WORDS_CACHED) wordsOf.clear();
    wordsOf.set(en, (words = splitEnglish(en)));
  }
  return words;
}

/** englishWords of the English forms seen last (the glossary checks the same heads' forms for every statement). */
const wordsOf = new Map<string, string[]>();
const WORDS_CACHED = 10_000;

function splitEnglish(en: string): string[] {
  return en
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s\-/_.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k >= 6;
}

/**
 * Why an English form is not a translation of a Chinese term (undefined when nothing speaks against it):
 * `mismatch` when the English has a qualifier the Chinese lacks (`Encoder-only` vs 编码器), or when the Chinese
 * ends with a known head word and none of the Chinese words the heads lexicon knows is rendered in the English
 * (`Rotary Embeddings` vs 位置编码); `hypernym` when that English is a single name (`SwiGLU` vs 激活函数).
 * Acronyms are not checked (RLHF, MoE: their letters need not follow the Chinese).
 */
export function translationMismatch(zh: string, en: string, heads: ReadonlyMap<string, readonly string[]>): RejectReason | undefined {
  if (isAcronym(en)) return undefined;
  const words = englishWords(en);
  for (const w of words) {
    const marker = QUALIFIERS[w];
    if (marker && !marker.test(zh)) return 'mismatch';
  }
  let headAtEnd = false;
  const known: string[] = [];
  for (const [h, ens] of heads) {
    if (!zh.includes(h)) continue;
    if (zh.endsWith(h)) headAtEnd = true;
    known.push(...ens);
  }
  if (!headAtEnd) return undefined;
  if (words.some((w) => known.some((k) => englishWords(k).some((kw) => sameWord(w, kw))))) return undefined;
  return /\s|-/.test(en.trim()) ? 'mismatch' : 'hypernym';
}

/** How many content units an English term has (letters of an acronym; words otherwise, camel case split). */
function englishSize(en: string): number {
  if (isAcronym(en)) return en.replace(/[^A-Za-z]/g, '').length;
  return Math.max(1, englishWords(en).filter((w) => !FILLER.has(w)).length);
}

/** A personal name: two or three capitalised words the heads lexicon does not know. */
function personName(en: string, heads: ReadonlyMap<string, readonly string[]>): boolean {
  const words = en.trim().split(/\s+/);
  if (words.length < 2 || words.length > 3 || !words.every((w) => /^[A-Z][a-z]+$/.test(w))) return false;
  let lexicon = headWords.get(heads);
  if (!lexicon) headWords.set(heads, (lexicon = new Set([...heads.values()].flat())));
  return !words.some((w) => lexicon.has(w.toLowerCase()) || lexicon.has(w.toLowerCase().replace(/s$/, '')));
}

/** The English words of a heads lexicon (made once per lexicon). */
const headWords = new WeakMap<ReadonlyMap<string, readonly string[]>, Set<string>>();

const normEnglish = (e: string) => e.toLowerCase().replace(/[\s\-_]+/g, ' ').trim();

/** One accepted or rejected bilingual statement, after the builder chose the Chinese boundary. */
export interface ResolvedPair {
  term: string;
  english: string;
  pattern: PairEvidence['pattern'];
  sentenceId: string;
  variant?: string;
  /** Why it was not taken (absent when accepted). */
  rejected?: RejectReason;
}

interface Occ {
  count: number;
  docs: number;
  ids: string[];
  variants: Set<string>;
}

/**
 * Aggregates the glossary evidence of every article and produces the entries: bilingual terms (Chinese
 * boundaries chosen with the segmenter's tokens, corpus statistics and agreement across occurrences, translations
 * checked against hypernyms and mismatches) and monolingual terms found by discovery, with counts, documents,
 * Traditional variants and the first sentence ids. Entries do not depend on the order articles are added in.
 */
export class GlossaryBuilder {
  private readonly opts: GlossaryOptions;
  private readonly discovered: Map<string, DiscoveredTerm>;
  private readonly occ = new Map<string, Occ>();
  private readonly pairEvidence: PairEvidence[] = [];
  private readonly rejects: { reason: RejectReason; text: string; sentenceId: string }[] = [];
  private readonly seenStatements = new Set<string>();
  private readonly seenOccurrences = new Set<string>();

  constructor(options: GlossaryInput = {}, discovered: readonly DiscoveredTerm[] = []) {
    this.opts = resolveOptions(options);
    this.discovered = new Map(discovered.map((t) => [t.term, t]));
  }

  /** All of an article's evidence (once per article). */
  add(articleId: string, evidence: readonly TermEvidence[]): void {
    this.addStatements(articleId, evidence);
    this.addOccurrences(articleId, evidence);
  }

  /** An article's bilingual statements and rejected brackets (its occurrences are left out). */
  addStatements(articleId: string, evidence: readonly TermEvidence[]): void {
    if (this.seenStatements.has(articleId)) return;
    this.seenStatements.add(articleId);
    for (const e of evidence) {
      if (e.kind === 'pair') this.pairEvidence.push(e);
      else if (e.kind === 'rejected') this.rejects.push({ reason: e.reason, text: e.text, sentenceId: e.sentenceId });
    }
  }

  /**
   * An article's term occurrences (anything else is left out), once per article and `part`: an article's
   * occurrences may come in parts holding different terms (the pipeline takes those of the terms it knows it needs
   * while the segmenter works, and the rest at the end).
   */
  addOccurrences(articleId: string, evidence: readonly TermEvidence[], part = ''): void {
    const key = part ? `${articleId}\u0000${part}` : articleId;
    if (this.seenOccurrences.has(key)) return;
    this.seenOccurrences.add(key);
    for (const e of evidence) {
      if (e.kind !== 'occurrence') continue;
      let o = this.occ.get(e.term);
      if (!o) this.occ.set(e.term, (o = { count: 0, docs: 0, ids: [], variants: new Set() }));
      o.count += e.count;
      o.docs++;
      for (const v of e.variants) o.variants.add(v);
      o.ids = mergeIds(o.ids, e.sentenceIds, this.opts.evidence);
    }
  }

  /**
   * Every term that can become an entry, once every article's statements are in: discovered and forced terms, the
   * Chinese side of every statement and every boundary candidate. Occurrences of other terms change no entry.
   */
  entryTerms(): Set<string> {
    const out = new Set<string>([...this.discovered.keys(), ...this.opts.force]);
    for (const p of this.pairEvidence) {
      if (p.term !== undefined) out.add(p.term);
      for (const c of p.candidates ?? []) out.add(c.text);
    }
    return out;
  }

  /** Every bilingual statement with its chosen boundary, accepted or rejected (sorted by sentence). */
  pairs(): ResolvedPair[] {
    const exact = new Map<string, Map<string, number>>();
    for (const p of this.pairEvidence) {
      if (!p.term) continue;
      for (const e of p.english) {
        const k = normEnglish(e);
        let m = exact.get(k);
        if (!m) exact.set(k, (m = new Map()));
        m.set(p.term, (m.get(p.term) ?? 0) + 1);
      }
    }
    const known = (t: string) => this.discovered.has(t) || this.opts.force.includes(t);
    const out: ResolvedPair[] = [];
    const sorted = [...this.pairEvidence].sort((a, b) => cmpSentenceId(a.sentenceId, b.sentenceId) || cmpStr(a.english.join('|'), b.english.join('|')));
    for (const p of sorted) {
      let term = p.term;
      let variant = p.variant;
      if (term === undefined && p.candidates) {
        const k = this.chooseBoundary(p, exact, known);
        if (k >= 0) {
          term = p.candidates[k]!.text;
          variant = p.variants?.[k];
        }
      }
      for (const en of p.english) {
        const base = { english: en, pattern: p.pattern, sentenceId: p.sentenceId, ...(variant ? { variant } : {}) };
        if (term === undefined) {
          out.push({ term: p.candidates?.[0]?.text ?? '', ...base, rejected: 'no-boundary' });
          continue;
        }
        const reason =
          this.opts.ban.has(term) || this.opts.stopwords.has(term) ? 'not-a-term' : (classifyChinese(term) ?? translationMismatch(term, en, this.opts.heads));
        out.push({ term, ...base, ...(reason ? { rejected: reason } : {}) });
      }
    }
    return out;
  }

  /**
   * The Chinese boundary of a `中文（English）` statement: the candidate the corpus states exactly for the same
   * English elsewhere; a transliterated name for a personal name; otherwise the candidate whose size best fits
   * the English (about two characters per English word or acronym letter), known terms preferred. Candidates
   * never extend over a function word or verb token (他使用循环神经网络 → 循环神经网络).
   */
  private chooseBoundary(p: PairEvidence, exact: Map<string, Map<string, number>>, known: (t: string) => boolean): number {
    const cands = p.candidates!;
    let limit = cands.length;
    for (let k = 0; k < cands.length; k++) {
      const first = k === 0 ? cands[0]!.text : cands[k]!.text.slice(0, cands[k]!.text.length - cands[k - 1]!.text.length);
      if ((first.length > 1 && this.opts.stopwords.has(first)) || BLOCKING.has(first) || (first.length === 1 && START_STOP.has(first))) {
        limit = k;
        break;
      }
    }
    const allowed = cands.slice(0, limit).map((c, k) => ({ c, k })).filter(({ c }) => c.text.length >= 2 && !fragmentEdge(c.text));
    if (allowed.length === 0) return -1;
    // Agreement: the same English stated with an exactly delimited Chinese term elsewhere in the corpus.
    let best = -1;
    let bestCount = 0;
    for (const en of p.english) {
      const m = exact.get(normEnglish(en));
      if (!m) continue;
      for (const { c, k } of allowed) {
        const n = m.get(c.text) ?? 0;
        if (n > bestCount || (n === bestCount && n > 0 && k > best)) {
          best = k;
          bestCount = n;
        }
      }
    }
    if (best >= 0) return best;
    const en = p.english[0]!;
    if (personName(en, this.opts.heads)) {
      const names = allowed.filter(({ c }) => isTransliteration(c.text));
      if (names.length) return names[names.length - 1]!.k;
    }
    const need = 2 * englishSize(en) + 0.5;
    let bestCost = Infinity;
    for (const { c, k } of allowed) {
      const cost = Math.abs(c.text.length - need) - (known(c.text) ? 1 : 0);
      if (cost < bestCost || (cost === bestCost && k > best)) {
        best = k;
        bestCost = cost;
      }
    }
    return best;
  }

  /** Rejected brackets and statements (bracket shapes and translation checks), sorted by sentence. */
  rejected(): { reason: RejectReason; text: string; sentenceId: string }[] {
    const fromPairs = this.pairs()
      .filter((p) => p.rejected)
      .map((p) => ({ reason: p.rejected!, text: `${p.term} ⇄ ${p.english}`, sentenceId: p.sentenceId }));
    return [...this.rejects, ...fromPairs].sort((a, b) => cmpSentenceId(a.sentenceId, b.sentenceId) || cmpStr(a.text, b.text));
  }

  entries(): GlossaryEntry[] {
    const o = this.opts;
    interface Acc {
      english: Map<string, Map<string, number>>;
      variants: Set<string>;
      ids: string[];
      pairCount: number;
      pairDocs: Set<string>;
    }
    const accs = new Map<string, Acc>();
    const acc = (t: string): Acc => {
      let a = accs.get(t);
      if (!a) accs.set(t, (a = { english: new Map(), variants: new Set(), ids: [], pairCount: 0, pairDocs: new Set() }));
      return a;
    };
    for (const p of this.pairs()) {
      if (p.rejected) continue;
      const a = acc(p.term);
      const key = normEnglish(p.english);
      let forms = a.english.get(key);
      if (!forms) a.english.set(key, (forms = new Map()));
      forms.set(p.english, (forms.get(p.english) ?? 0) + 1);
      if (p.variant) a.variants.add(p.variant);
      a.ids = mergeIds(a.ids, [p.sentenceId], o.evidence);
      a.pairCount++;
      a.pairDocs.add(p.sentenceId.split(':').slice(0, -2).join(':'));
    }
    for (const t of this.discovered.keys()) {
      if (!o.ban.has(t)) acc(t);
    }
    const out: GlossaryEntry[] = [];
    for (const [term, a] of accs) {
      const d = this.discovered.get(term);
      const oc = this.occ.get(term);
      const count = Math.max(oc?.count ?? 0, d?.count ?? 0, a.pairCount);
      const docs = Math.max(oc?.docs ?? 0, d?.docs ?? 0, a.pairDocs.size);
      const english: EnglishEquivalent[] = [...a.english.values()]
        .map((forms) => {
          const ranked = [...forms].sort((x, y) => y[1] - x[1] || cmpStr(x[0], y[0]));
          return { text: ranked[0]![0], source: 'text' as const, count: ranked.reduce((n, [, c]) => n + c, 0) };
        })
        .sort((x, y) => y.count - x.count || cmpStr(x.text, y.text));
      if (english.length === 0) {
        const forced = d?.source === 'forced' || o.force.includes(term);
        if (!forced && count < o.minCount) continue;
        if (!d && !forced) continue;
        const gloss = o.dictionary?.(term);
        if (gloss) english.push(...gloss.map((text) => ({ text, source: 'dictionary' as const, count: 0 })));
      }
      const variants = new Set([...a.variants, ...(oc?.variants ?? [])]);
      variants.delete(term);
      const ids = mergeIds(a.ids, oc?.ids ?? [], o.evidence);
      out.push({
        term,
        variants: [...variants].sort(cmpStr),
        english,
        count,
        docs,
        score: round((d?.score ?? 0) + 3 * a.pairCount),
        evidence: ids,
      });
    }
    return out.sort((x, y) => y.score - x.score || cmpStr(x.term, y.term));
  }
}

/**
 * The first `keep` sentence ids of two lists, in sentence order, without duplicates. `a` is a list this function
 * returned (sorted, unique); `b` is sorted here if it is not.
 */
function mergeIds(a: readonly string[], b: readonly string[], keep: number): string[] {
  const y = sortedIds(b);
  // Stored evidence is read in article-id order, so usually every new id comes after the ones kept.
  if (y.length === 0 || (a.length >= keep && cmpSentenceId(a[keep - 1]!, y[0]!) <= 0)) return a.slice(0, keep);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (out.length < keep && (i < a.length || j < y.length)) {
    const next = j >= y.length || (i < a.length && cmpSentenceId(a[i]!, y[j]!) <= 0) ? a[i++]! : y[j++]!;
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/** The list itself when it is in sentence order without duplicates (as evidence lists are), else a sorted copy. */
function sortedIds(ids: readonly string[]): readonly string[] {
  for (let k = 1; k < ids.length; k++) if (cmpSentenceId(ids[k - 1]!, ids[k]!) >= 0) return [...new Set(ids)].sort(cmpSentenceId);
  return ids;
}
