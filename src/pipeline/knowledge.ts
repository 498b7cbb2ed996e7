import { cmp, hashOf } from '../cache/hash.js';
import { pack, unpackText } from '../glossary/packed.js';
import type { CorpusKnowledge } from '../stages/context.js';

/** Corpus knowledge as it travels to worker threads (plain data, in a JSON file of the store). */
export interface SerializedKnowledge {
  templateLines: [string, string[]][];
  /** sha256 of `templateLines` (what "depends on all the knowledge" is keyed by). */
  hash?: string;
  /** Per site: sha256 of its sorted template lines (sites without any are absent: their hash is EMPTY_SITE). */
  siteHashes?: Record<string, string>;
}

export function emptyKnowledge(): CorpusKnowledge {
  return { templateLines: new Map() };
}

export function serializeKnowledge(k: CorpusKnowledge): SerializedKnowledge {
  const templateLines: [string, string[]][] = [...k.templateLines]
    .sort(([a], [b]) => cmp(a, b))
    .map(([site, set]) => [site, [...set].sort(cmp)]);
  const siteHashes: Record<string, string> = {};
  for (const [site, lines] of templateLines) siteHashes[site] = siteHash(lines);
  return { templateLines, hash: hashOf('knowledge', JSON.stringify(templateLines)), siteHashes };
}

export function deserializeKnowledge(s: SerializedKnowledge): CorpusKnowledge {
  return { templateLines: new Map(s.templateLines.map(([site, lines]) => [site, new Set(lines)])) };
}

/** The hash of a site's sorted template lines. */
export function siteHash(sortedLines: readonly string[]): string {
  return hashOf('site', JSON.stringify(sortedLines));
}

/** The hash of a site with no template lines. */
export const EMPTY_SITE = siteHash([]);

/**
 * Counts, per site, in how many articles each line key occurs; keys reaching `minArticles` are template lines.
 * Sites are counted separately: a line is template chrome only where one site repeats it.
 */
export class TemplateCounter {
  /**
   * Per site (in the order sites came): its counts, or, until an article of the site is added or removed, the
   * rows of the saved table that hold them (a re-run that changed a few articles makes maps for their sites only).
   */
  private readonly counts = new Map<string, Map<string, number> | SavedRows>();
  /** The saved table the rows refer to: its keys joined by newlines, where each row's key ends, and the counts. */
  private saved: { text: string; ends: Int32Array; counts: Int32Array } | undefined;
  /** The articles counted (opaque keys given to `add`). */
  readonly members = new Set<string>();

  /** Count one article's line keys (`member` names the article: an article counted twice counts once). */
  add(site: string, keys: readonly string[], member: string): void {
    if (this.members.has(member)) return;
    this.members.add(member);
    const m = this.site(site, true)!;
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  }

  /** Take out an article counted before: the counts are plain sums, so this is exact. */
  remove(site: string, keys: readonly string[], member: string): void {
    if (!this.members.delete(member)) return;
    const m = this.site(site, false);
    if (!m) return;
    for (const k of keys) {
      const n = (m.get(k) ?? 0) - 1;
      if (n > 0) m.set(k, n);
      else m.delete(k);
    }
    if (m.size === 0) this.counts.delete(site);
  }

  knowledge(minArticles: number): CorpusKnowledge {
    const templateLines = new Map<string, Set<string>>();
    for (const [site, m] of this.counts) {
      const set = new Set<string>();
      if (m instanceof Map) {
        for (const [k, n] of m) if (n >= minArticles) set.add(k);
      } else {
        const counts = this.saved!.counts;
        for (let i = m.from; i < m.to; i++) if (counts[i]! >= minArticles) set.add(this.savedKey(i));
      }
      if (set.size) templateLines.set(site, set);
    }
    return { templateLines };
  }

  /** A site's counts as a map (made from the saved rows the first time), or a new one when `create`. */
  private site(site: string, create: boolean): Map<string, number> | undefined {
    const have = this.counts.get(site);
    if (have instanceof Map) return have;
    if (!have && !create) return undefined;
    const m = new Map<string, number>();
    if (have) for (let i = have.from; i < have.to; i++) m.set(this.savedKey(i), this.saved!.counts[i]!);
    this.counts.set(site, m);
    return m;
  }

  /** The key of row `i` of the saved table. */
  private savedKey(i: number): string {
    const { text, ends } = this.saved!;
    return text.slice(i === 0 ? 0 : ends[i - 1]! + 1, ends[i]);
  }

  /**
   * The counts in packed form (glossary/packed.ts), to save and count from next time: the members and each site's
   * number of keys in the head, every site's keys one after the other as the strings, their counts as a column.
   * (Line keys are letters and zeros: never a newline.) A tenth of the time of JSON to read for a large corpus.
   */
  toBuffer(): Buffer {
    const sites: [string, number][] = [];
    const keys: string[] = [];
    const counts: number[] = [];
    for (const [site, m] of this.counts) {
      if (m instanceof Map) {
        sites.push([site, m.size]);
        for (const [k, n] of m) {
          keys.push(k);
          counts.push(n);
        }
      } else {
        sites.push([site, m.to - m.from]);
        for (let i = m.from; i < m.to; i++) {
          keys.push(this.savedKey(i));
          counts.push(this.saved!.counts[i]!);
        }
      }
    }
    const head: SavedTemplateHead = { members: [...this.members], sites };
    return pack({ head, strings: keys, int32: [Int32Array.from(counts)] });
  }

  /** Counts saved by `toBuffer`: a site's keys are made strings when its counts change or it has template lines. */
  static fromBuffer(buf: Buffer): TemplateCounter {
    const { head, rows, text, int32 } = unpackText(buf, { int32: 1 });
    const { members, sites } = head as SavedTemplateHead;
    // (Every key but the last ends at a newline; the last at the end of the text.)
    const ends = new Int32Array(rows);
    let from = 0;
    for (let i = 0; i < rows; i++) {
      const nl = text.indexOf('\n', from);
      if ((nl < 0) !== (i === rows - 1)) throw new Error('saved template counts: wrong number of keys');
      ends[i] = nl < 0 ? text.length : nl;
      from = ends[i]! + 1;
    }
    const c = new TemplateCounter();
    c.saved = { text, ends, counts: int32[0]! };
    for (const m of members) c.members.add(m);
    let at = 0;
    for (const [site, n] of sites) {
      if (n <= 0) throw new Error('saved template counts: a site without keys');
      c.counts.set(site, { from: at, to: at + n });
      at += n;
    }
    if (at !== rows) throw new Error('saved template counts: wrong number of keys');
    return c;
  }
}

/** Rows `from` to `to` (excluded) of a saved table of counts. */
interface SavedRows {
  from: number;
  to: number;
}

interface SavedTemplateHead {
  members: string[];
  sites: [site: string, keys: number][];
}

// ---------------------------------------------------------------------------------------------------------------
// Dependency tracking: which parts of the corpus knowledge one article's processing looked at.
//
// The prepared result of an article depends on the corpus knowledge only through the lookups its stages make.
// While an article is processed, the knowledge handed to the stages records every lookup and its answer; the
// article's cache key holds them. A later run reuses the result as long as every recorded lookup gets the same
// answer from the new knowledge, so a new template line redoes exactly the articles that contain it.
//
// Recorded: `templateLines.get(site).has(key)` with its answer. Anything coarser (iterating a site's lines, its
// size, `templateLines.has(site)`) records the whole site; iterating all sites, any other knowledge field, or a
// lookup made outside an article (e.g. while a stage is being set up) records "all the knowledge".
// ---------------------------------------------------------------------------------------------------------------

/** What one article's processing looked up. */
export interface DepRecord {
  all: boolean;
  sites: Map<string, { whole: boolean; keys: Map<string, boolean> }>;
}

/** Dependencies in the form stored with a prepared variant (sorted; JSON). */
export interface Deps {
  /** Hash of the whole knowledge, when the article depends on all of it. */
  all?: string;
  /** [site, whole-site hash or null, [key, 1 | 0][]] */
  sites: [string, string | null, [string, 0 | 1][]][];
}

/** For the quick check: the hash of every site the article looked at (and of the whole knowledge, if used). */
export interface DepsSummary {
  all?: string;
  sites: [string, string][];
}

export class KnowledgeTracker {
  private current: DepRecord | undefined;
  private global = false;

  begin(): void {
    this.current = { all: false, sites: new Map() };
  }

  end(): DepRecord {
    const r = this.current ?? { all: false, sites: new Map() };
    this.current = undefined;
    if (this.global) r.all = true;
    return r;
  }

  /** Lookups outside an article are dependencies of every article. */
  everything(): void {
    if (this.current) this.current.all = true;
    else this.global = true;
  }

  site(site: string): { whole: boolean; keys: Map<string, boolean> } | undefined {
    if (!this.current) {
      this.global = true;
      return undefined;
    }
    let s = this.current.sites.get(site);
    if (!s) this.current.sites.set(site, (s = { whole: false, keys: new Map() }));
    return s;
  }
}

class TrackedSet extends Set<string> {
  constructor(
    private readonly siteName: string,
    lines: ReadonlySet<string> | undefined,
    private readonly tracker: KnowledgeTracker,
  ) {
    super(lines ?? []);
  }

  private whole(): void {
    const s = this.tracker.site(this.siteName);
    if (s) s.whole = true;
  }

  override has(key: string): boolean {
    const answer = super.has(key);
    const s = this.tracker.site(this.siteName);
    if (s && !s.whole) s.keys.set(key, answer);
    return answer;
  }

  override get size(): number {
    this.whole();
    return super.size;
  }

  override forEach(cb: (value: string, value2: string, set: Set<string>) => void, thisArg?: unknown): void {
    this.whole();
    super.forEach(cb, thisArg);
  }

  override entries(): SetIterator<[string, string]> {
    this.whole();
    return super.entries();
  }

  override keys(): SetIterator<string> {
    this.whole();
    return super.keys();
  }

  override values(): SetIterator<string> {
    this.whole();
    return super.values();
  }

  override [Symbol.iterator](): SetIterator<string> {
    this.whole();
    return super[Symbol.iterator]();
  }
}

class TrackedLines extends Map<string, Set<string>> {
  private readonly sets = new Map<string, TrackedSet>();

  constructor(
    private readonly lines: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly tracker: KnowledgeTracker,
  ) {
    super();
  }

  /** Every site answers, with an empty set when it has no template lines (so a new first line is one lookup). */
  override get(site: string): Set<string> {
    let s = this.sets.get(site);
    if (!s) this.sets.set(site, (s = new TrackedSet(site, this.lines.get(site), this.tracker)));
    return s;
  }

  override has(site: string): boolean {
    const s = this.tracker.site(site);
    if (s) s.whole = true;
    return this.lines.has(site);
  }

  override get size(): number {
    this.tracker.everything();
    return this.lines.size;
  }

  override forEach(cb: (value: Set<string>, key: string, map: Map<string, Set<string>>) => void, thisArg?: unknown): void {
    this.tracker.everything();
    for (const site of this.lines.keys()) cb.call(thisArg, this.get(site), site, this);
  }

  override *entries(): MapIterator<[string, Set<string>]> {
    this.tracker.everything();
    for (const site of this.lines.keys()) yield [site, this.get(site)];
  }

  override keys(): MapIterator<string> {
    this.tracker.everything();
    return this.lines.keys() as MapIterator<string>;
  }

  override *values(): MapIterator<Set<string>> {
    this.tracker.everything();
    for (const site of this.lines.keys()) yield this.get(site);
  }

  override [Symbol.iterator](): MapIterator<[string, Set<string>]> {
    return this.entries();
  }
}

/**
 * The knowledge as the stages of a worker see it: every lookup recorded by `tracker` for the article being
 * processed. Fields other than `templateLines` (none today) count as a dependency on all the knowledge.
 */
export function trackedKnowledge(k: CorpusKnowledge, tracker: KnowledgeTracker): CorpusKnowledge {
  const templateLines = new TrackedLines(k.templateLines, tracker);
  return new Proxy(k, {
    get(target, prop, receiver) {
      if (prop === 'templateLines') return templateLines;
      tracker.everything();
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** A recorded dependency in its stored, canonical form. */
export function depsOf(r: DepRecord, k: SerializedKnowledge): Deps {
  const deps: Deps = { sites: [] };
  if (r.all) deps.all = k.hash ?? hashOf('knowledge', JSON.stringify(k.templateLines));
  for (const site of [...r.sites.keys()].sort(cmp)) {
    const s = r.sites.get(site)!;
    if (s.whole) deps.sites.push([site, k.siteHashes?.[site] ?? EMPTY_SITE, []]);
    else deps.sites.push([site, null, [...s.keys].sort(([a], [b]) => cmp(a, b)).map(([key, v]) => [key, v ? 1 : 0])]);
  }
  return deps;
}

/** The quick-check summary of dependencies, against the knowledge they were recorded with. */
export function summaryOf(deps: Deps, k: SerializedKnowledge): DepsSummary {
  const out: DepsSummary = { sites: deps.sites.map(([site]) => [site, k.siteHashes?.[site] ?? EMPTY_SITE]) };
  if (deps.all) out.all = deps.all;
  return out;
}

/** The knowledge a run works with, with what the checks need. */
export class KnowledgeView {
  readonly hash: string;
  private readonly lines: Map<string, Set<string>>;

  constructor(readonly serialized: SerializedKnowledge) {
    this.hash = serialized.hash ?? hashOf('knowledge', JSON.stringify(serialized.templateLines));
    this.lines = new Map(serialized.templateLines.map(([site, l]) => [site, new Set(l)]));
  }

  siteHash(site: string): string {
    return this.serialized.siteHashes?.[site] ?? EMPTY_SITE;
  }

  /** Quick check: every site looked at (and the whole knowledge, if used) is unchanged. */
  summaryHolds(s: DepsSummary): boolean {
    if (s.all !== undefined && s.all !== this.hash) return false;
    return s.sites.every(([site, h]) => this.siteHash(site) === h);
  }

  /** Full check: every recorded lookup gets the same answer. */
  depsHold(d: Deps): boolean {
    if (d.all !== undefined && d.all !== this.hash) return false;
    for (const [site, whole, keys] of d.sites) {
      if (whole !== null) {
        if (this.siteHash(site) !== whole) return false;
        continue;
      }
      const set = this.lines.get(site);
      for (const [key, v] of keys) if ((set?.has(key) ?? false) !== (v === 1)) return false;
    }
    return true;
  }
}
