import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { dataFile } from '../config/loaded.js';
import { contentScore, domCue, isProse, lineFeatures, spacedList, textFeatures, type LineFeatures } from '../chrome/features.js';
import { loadLexicon, type ChromeLexicon } from '../chrome/lexicon.js';
import { lineConverter } from '../chrome/line-converter.js';
import { TextMemo } from '../chrome/memo.js';
import { parseMetaLine, type MetaLine } from '../chrome/meta.js';
import { bestRegion, lineWeight, type Region } from '../chrome/region.js';
import { isTemplateCandidate, lineKey } from '../chrome/template.js';
import type { MappedText } from '../text/mapped.js';
import type { Removal } from '../types.js';
import { articleData, siteOf, type StageContext } from './context.js';
import { simplifiedLine } from './convert.js';
import { lines, removalOf, type LineNode } from './tree.js';

/** Lines before the body searched at most for the title and the byline. */
const HEAD_MAX = 24;
/** Lines after the body searched for a byline (author, source). */
const TAIL_WINDOW = 6;
/** Weight of a section wall (related list, comments, copyright) in the region search: a paragraph's worth. */
const WALL = 20;
/** Extra weight of the first paragraphs after a byline. */
const ANCHOR = 20;
/** A line inside the body scoring at most this is chrome. */
const INSIDE_MIN = -0.5;

/** Why a line was kept (recorded in `meta.chrome.kept`, shown by `qingxi explain`). */
export type KeepReason = 'body' | 'title' | 'byline' | 'head' | 'no-body';

/** The chrome stage's decisions, kept in the article metadata for `qingxi explain`. */
export interface ChromeDecisions {
  /** Source span of the main body found, or null when none was. */
  body: { start: number; end: number } | null;
  /** Kept lines: source start, end, score, reason. */
  kept: [number, number, number, KeepReason][];
}

/** What the stage knows of a line. */
export interface Line {
  node: LineNode;
  simp: string;
  f: LineFeatures;
  score: number;
  key: string;
  /** What the line's text alone tells (`simp` and `key` are its). */
  facts: TextFacts;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Remove the parts of lines that partial rules match (an image credit sharing a line with a caption or a sentence). */
export function stripPartial(lex: ChromeLexicon, node: LineNode, conv: (s: string) => string, removed: Removal[]): void {
  const line = node.data.line;
  for (const rule of lex.partial) {
    for (const re of rule.regex) {
      const simp = simplifiedLine(line.text, conv);
      // Offsets of the Simplified text are those of the original only when conversion kept every length.
      if (simp.length !== line.text.length) return;
      re.lastIndex = 0;
      const m = re.exec(simp);
      if (!m || m[0].length === 0 || m[0].length >= simp.length) continue;
      const rest = (m.index === 0 ? simp.slice(m[0].length) : simp.slice(0, m.index)).trim();
      if (rest.replace(/[\s\p{P}]/gu, '').length < 4) continue;
      const part = line.text.slice(m.index, m.index + m[0].length);
      removed.push(removalOf(part, `lexicon:${rule.id}`, 'part of a line'));
      line.text = (m.index === 0 ? line.text.slice(m[0].length) : line.text.slice(0, m.index)).trim();
    }
  }
}

/** What the stage takes from a line's text alone, for one lexicon and one converter. */
export interface TextFacts {
  /** The Simplified text. */
  simp: string;
  /** Some partial rule's expression matches the Simplified text. */
  partial: boolean;
  /** The features of the Simplified text (frozen, shared), without site rules. */
  f: Readonly<LineFeatures>;
  /** The template key of the text. */
  key: string;
  /** The key may name a template line (`isTemplateCandidate`). */
  candidate: boolean;
  /** The byline the Simplified text states (null: none), once asked (see `metaOf`). */
  meta?: MetaLine | null;
}

/**
 * Facts already established, per lexicon and converter, by line text: a site's lines repeat across its pages, and
 * every fact is a pure function of the text (so a remembered one is the one computed).
 */
const factMemos = new WeakMap<ChromeLexicon, Map<(s: string) => string, TextMemo<TextFacts>>>();

function factMemo(lex: ChromeLexicon, conv: (s: string) => string): TextMemo<TextFacts> {
  let byConv = factMemos.get(lex);
  if (!byConv) factMemos.set(lex, (byConv = new Map()));
  let memo = byConv.get(conv);
  if (!memo) byConv.set(conv, (memo = new TextMemo()));
  return memo;
}

function factsOf(memo: TextMemo<TextFacts>, lex: ChromeLexicon, conv: (s: string) => string, line: MappedText): TextFacts {
  const text = line.text;
  const known = memo.get(text);
  if (known) return known;
  // Through `simplifiedLine`, so that the metadata stage finds the line converted (also a line too long to memoise).
  const simp = simplifiedLine(line, conv);
  const partial = lex.partial.some((rule) =>
    rule.regex.some((re) => {
      re.lastIndex = 0;
      return re.test(simp);
    }),
  );
  const f = textFeatures(lex, simp);
  Object.freeze(f.cues);
  const key = lineKey(text);
  return memo.set(text, { simp, partial, f: Object.freeze(f), key, candidate: isTemplateCandidate(key) });
}

/**
 * What the stage sees of a line: its text with the parts partial rules match removed (each removal pushed to
 * `removed`), then the Simplified text (`conv`, from `lineConverter`), its features and its template key.
 */
export function lineView(lex: ChromeLexicon, node: LineNode, conv: (s: string) => string, site: string, removed: Removal[]): Line {
  const memo = factMemo(lex, conv);
  let facts = factsOf(memo, lex, conv, node.data.line.text);
  if (facts.partial) {
    stripPartial(lex, node, conv, removed);
    facts = factsOf(memo, lex, conv, node.data.line.text);
  }
  const { simp } = facts;
  const dom = node.data.line.dom;
  // Site rules, where the lexicon has some for the site, come first.
  const f = lex.sites.has(site) ? lineFeatures(lex, simp, dom, site) : dom ? { ...facts.f, domCue: domCue(lex, dom) } : facts.f;
  // Template keys are taken from the line in its own script, as the survey takes them from the source.
  return { node, simp, f, score: 0, key: facts.key, facts };
}

/** The byline a line states (read only), parsed once per distinct text. */
function metaOf(l: Line): MetaLine | undefined {
  const facts = l.facts;
  if (facts.meta === undefined) facts.meta = parseMetaLine(facts.simp) ?? null;
  return facts.meta ?? undefined;
}

const URL_LINE = /^(?:https?:\/\/|www\.)\S+$/i;

/** Title-like: a short line with no sentence inside, not chrome by its look. */
function titleLike(l: Line): boolean {
  const f = l.f;
  return (
    f.len >= 4 &&
    f.han >= 2 &&
    !URL_LINE.test(l.simp) &&
    f.len <= 60 &&
    f.punct <= 3 &&
    !/[。，,：:；;、]$/.test(l.simp) &&
    !/[。；]./.test(l.simp) &&
    !f.rule &&
    !f.menu &&
    !f.dateOnly &&
    !f.bullet &&
    (l.node.data.line.dom?.linkDensity ?? 0) < 0.5
  );
}

/** The page title as qingxi compares it: letters and digits only. */
function titleKey(s: string): string {
  return lineKey(s);
}

/**
 * Where the head of the article (title, byline) begins, walking back from the body: bylines, dates, URLs and short
 * lexicon chrome (share bars, counters) are passed freely, title-like lines too, six other lines at most (a font-size
 * bar, a few related links); a list of headlines is passed once a title candidate was seen; a paragraph of text
 * ends the head.
 */
function headStart(all: Line[], start: number): number {
  let skipped = 0;
  let candidate = false;
  let i = start - 1;
  for (; i >= 0 && i >= start - HEAD_MAX; i--) {
    const l = all[i]!;
    if (metaOf(l) || l.f.dateOnly || URL_LINE.test(l.simp) || (l.f.rule && l.f.len <= 12)) continue;
    if (titleLike(l) && l.f.len >= 6) {
      candidate = true;
      continue;
    }
    if (isProse(l.f)) break;
    if (candidate && !l.f.endsSentence) continue;
    if (skipped < 6) {
      skipped++;
      continue;
    }
    break;
  }
  return i + 1;
}

/**
 * The title line: in HTML, the block near the body that the page's `<title>` contains (an `h1` preferred); else, in
 * the head (see `headStart`), the title-like line followed by a byline or a date, else the nearest title-like line;
 * else the body's first line when it reads like a title.
 */
function findTitle(all: Line[], start: number, zone: number, pageTitle: string | undefined, templates: Set<string> | undefined): number | undefined {
  const from = Math.max(0, start - 15);
  const to = Math.min(all.length, start + 3);
  if (pageTitle) {
    const pt = titleKey(pageTitle);
    let best: { i: number; rank: number } | undefined;
    for (let i = from; i < to; i++) {
      const l = all[i]!;
      // A title may repeat across the site's pages (other pages link to the article): the page title decides.
      if (l.key.length < 4 || !pt.includes(l.key) || !titleLike(l)) continue;
      const rank = l.key.length + (l.node.data.line.dom?.tag === 'h1' ? 20 : 0) + (pt.startsWith(l.key) ? 10 : 0) - Math.abs(i - start) * 0.5;
      if (!best || rank > best.rank) best = { i, rank };
    }
    if (best) return best.i;
  }
  if (start < all.length && titleLike(all[start]!) && all[start]!.node.data.line.dom?.tag === 'h1') return start;
  // Title-like lines of six or more in the head are candidates: the one just before a byline or a date preferred
  // (a page gives title, then byline, then text), else the nearest.
  let best: { i: number; rank: number } | undefined;
  for (let i = start - 1; i >= zone; i--) {
    const l = all[i]!;
    if (!titleLike(l) || l.f.len < 6 || metaOf(l)) continue;
    let j = i + 1;
    while (j < start && URL_LINE.test(all[j]!.simp)) j++;
    const after = all[j];
    const bylineNext = !!after && j < start && (after.f.dateOnly || !!metaOf(after));
    // A line repeated across the site's pages is a weaker candidate (a link), unless a byline follows it.
    const repeated = templates?.has(l.key) ? 1.5 : 0;
    const rank = (bylineNext ? 3 : -repeated) + (l.f.len >= 8 ? 1 : 0) - (/图|摄/.test(l.simp) ? 1 : 0) - l.f.cues.length - (start - i) * 0.1;
    if (!best || rank > best.rank) best = { i, rank };
  }
  if (best) return best.i;
  if (start < all.length && titleLike(all[start]!) && !isProse(all[start]!.f)) return start;
  return undefined;
}

/** The detail recorded with a removal: the score, and the DOM cue and link density that weighed on it. */
function detailOf(l: Line): string {
  const dom = l.node.data.line.dom;
  let d = `score ${l.score.toFixed(2)}`;
  if (dom) {
    if (l.f.domCue) d += `; dom ${l.f.domCue}`;
    if (dom.linkDensity > 0) d += `; links ${dom.linkDensity.toFixed(2)}`;
  }
  return d;
}

/**
 * The body's first and last paragraphs can score a little below zero (a closing line with a reporter's tag, an
 * opening line after the byline): the region grows over neighbouring lines that read like sentences and are not
 * chrome by rule.
 */
function growRegion(all: Line[], r: Region, isTemplate: (l: Line) => boolean): Region {
  if (r.sum <= 0) return r;
  const sentenceLike = (l: Line | undefined) =>
    !!l && !l.f.rule && !isTemplate(l) && l.score > -0.6 && !chromeEvidence(l) && l.f.len >= 8 && (l.f.endsSentence || l.f.punct >= 2) && !l.f.menu && !spacedList(l.f);
  let { start, end } = r;
  while (sentenceLike(all[end])) end++;
  while (start > 0 && sentenceLike(all[start - 1]) && !metaOf(all[start - 1]!)) start--;
  return { start, end, sum: r.sum };
}

/**
 * Inside the body a low score alone (a short heading, a bulleted point) is not enough: the line must also look like
 * chrome (a menu, a bare date, a counter, a teaser, chrome words, links or a chrome container in HTML).
 */
function chromeEvidence(l: Line): boolean {
  const f = l.f;
  const dom = l.node.data.line.dom;
  if (f.len === 0) return !/^[\p{P}\s]*$/u.test(l.simp);
  return (
    f.menu ||
    f.dateOnly ||
    f.datedHeadline ||
    f.truncated ||
    spacedList(f) ||
    f.cues.length > 0 ||
    (!!dom && (dom.linkDensity >= 0.5 || !!f.domCue?.startsWith('chrome:')))
  );
}

/** A short line that does not end a sentence: a headline, a link, a label. */
function headlineLike(l: Line): boolean {
  return !/[。]$/.test(l.simp) && l.f.punct <= 2 && l.f.len >= 4 && l.f.len <= 40 && !l.f.numbered;
}

/**
 * What the neighbours say about a line:
 * - a headline next to a bare date, or a line after a dated headline, is an item of a news list;
 * - four or more headline-like lines in a row are a list of links;
 * - a paragraph between two headline-like lines that are not headings of it (a teaser with its headline) counts less;
 * - in a text dump whose paragraphs are set apart by blank lines, a long line that is not is a block of links or a
 *   teaser (innerText puts blank lines around paragraphs, not around list items or table cells).
 */
function adjustForContext(all: Line[]): void {
  const add = (l: Line, d: number) => (l.score = Math.max(-1, Math.min(1, l.score + d)));
  const n = all.length;
  const prev = (i: number) => all[i - 1];
  const next = (i: number) => all[i + 1];
  const deltas = new Array<number>(n).fill(0);
  // A dated headline that is not a byline, with another one nearby: a news list.
  const listDated = all.map((l) => l.f.datedHeadline && !metaOf(l));
  const datedNear = (i: number) => listDated.slice(Math.max(0, i - 4), i + 5).filter(Boolean).length >= 2;
  all.forEach((l, i) => {
    if (l.node.data.line.dom) return; // HTML has link density and DOM cues for lists
    const p = prev(i);
    const q = next(i);
    if (headlineLike(l) && (p?.f.dateOnly || q?.f.dateOnly)) deltas[i]! -= 0.7;
    if (listDated[i - 1] && !listDated[i] && datedNear(i)) deltas[i]! -= 0.6;
    if (isProse(l.f) && p && q && headlineLike(p) && headlineLike(q) && !p.f.endsSentence && headlineLike(all[i - 2] ?? l) && headlineLike(all[i + 2] ?? l)) deltas[i]! -= 0.4;
  });
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && !all[j]!.node.data.line.dom && headlineLike(all[j]!)) j++;
    if (j - i >= 4) for (let k = i; k < j; k++) deltas[k]! -= 0.35;
    i = Math.max(j, i + 1);
  }
  // Paragraph layout of a text dump.
  const text = all.filter((l) => !l.node.data.line.dom);
  if (text.length >= 8) {
    const adjacent = (i: number) => all[i]!.node.data.line.blankBefore || (all[i + 1]?.node.data.line.blankBefore ?? true);
    const share = all.filter((_, i) => adjacent(i)).length / all.length;
    // Three or more sentence lines in a row are a paragraph set with line breaks, whatever the layout elsewhere.
    const sentence = (l: Line | undefined) => !!l && l.f.len >= 12 && (l.f.endsSentence || isProse(l.f));
    const inRun = (i: number) =>
      (sentence(all[i - 2]) && sentence(all[i - 1])) || (sentence(all[i - 1]) && sentence(all[i + 1])) || (sentence(all[i + 1]) && sentence(all[i + 2]));
    if (share >= 0.15 && share <= 0.9) {
      all.forEach((l, i) => {
        if (!l.node.data.line.dom && !adjacent(i) && l.f.len >= 20 && !(sentence(l) && inRun(i))) deltas[i]! -= 0.3;
      });
    }
  }
  all.forEach((l, i) => add(l, deltas[i]!));
}

/**
 * Stage `chrome`: page chrome removed. Every line (text) or block (HTML) gets a content-likeness score from DOM cues
 * and Chinese-aware text features, adjusted by its neighbours (lists); the main body is the best-scoring contiguous
 * run (section walls such as related lists and comment boxes weigh against crossing; the paragraphs after a byline
 * weigh more); lines outside it are removed except the title, the byline next to it (left to the metadata stage)
 * and, in text dumps, what stands between title and body unless it looks like chrome; inside it, lexicon chrome,
 * template lines (repeated across the articles of the site), low-scoring lines that also look like chrome and the
 * headlines under a related-articles heading are removed. Every removal is recorded with its rule and score; the
 * kept lines with their scores go to `meta.chrome` for `qingxi explain`.
 */
export default function chrome(ctx: StageContext) {
  const lex = loadLexicon(dataFile(ctx.config, ctx.config.config.chrome.lexicon));
  return (tree: Root, file: VFile) => {
    const data = articleData(file);
    const conv = lineConverter(data.meta.converter);
    const site = siteOf(data.source);
    const templates = ctx.corpus.templateLines.get(site);
    const removed: Removal[] = [];

    const all: Line[] = lines(tree).map((node) => lineView(lex, node, conv, site, removed));

    // Scores, then what the neighbours say.
    for (const l of all) l.score = contentScore(l.f, l.node.data.line.dom);
    adjustForContext(all);
    const isTemplate = (l: Line) => !!templates && l.facts.candidate && templates.has(l.key);

    const weights = all.map((l) =>
      l.f.wall ? -WALL : isTemplate(l) || l.f.rule ? Math.min(lineWeight(l.score, l.f.len), -6) : lineWeight(l.score, l.f.len),
    );
    // A byline that names a source or an author marks where an article starts: the first paragraphs after it weigh more.
    all.forEach((l, i) => {
      const m = l.f.len <= 60 ? metaOf(l) : undefined;
      if (!m || (m.source === undefined && m.author === undefined)) return;
      let given = 0;
      for (let k = i + 1; k < all.length && k <= i + 4 && given < 2; k++) {
        if (isProse(all[k]!.f) && !all[k]!.f.rule) {
          weights[k]! += ANCHOR;
          given++;
        }
      }
    });
    const region = growRegion(all, bestRegion(weights), isTemplate);
    const found = region.sum > 0;
    const head = found ? headStart(all, region.start) : 0;
    const title = found ? findTitle(all, region.start, head, typeof data.meta.pageTitle === 'string' ? data.meta.pageTitle : undefined, templates) : undefined;

    const keep = new Set<LineNode>();
    const decisions: ChromeDecisions = { body: null, kept: [] };
    if (found) {
      const a = all[region.start]!.node.data.line.text.sourceSpan();
      const b = all[region.end - 1]!.node.data.line.text.sourceSpan();
      decisions.body = { start: a.start, end: b.end };
    }
    // Inside the body, the headlines listed under a related-articles heading (推荐阅读, 相关新闻) are that list.
    let underRelated = false;
    all.forEach((l, i) => {
      const line = l.node.data.line;
      line.score = round(l.score);
      if (l.f.rule === 'related') underRelated = true;
      else if (isProse(l.f) || l.f.endsSentence) underRelated = false;
      const inside = found ? i >= region.start && i < region.end : true;
      let rule: string | undefined;
      let reason: KeepReason = found ? 'body' : 'no-body';
      if (i === title) {
        line.kind = 'title';
        reason = 'title';
      } else if (found && !inside && ((i < region.start && i >= head) || (i >= region.end && i < region.end + TAIL_WINDOW))) {
        const m = metaOf(l);
        const near = i < region.start ? m : m && (m.author !== undefined || m.source !== undefined) ? m : undefined;
        if (near) reason = 'byline';
        else if (title !== undefined && i > title && i < region.start && !line.dom && !l.f.rule && !isTemplate(l) && !chromeEvidence(l) && l.score > -0.85) reason = 'head';
        else rule = l.f.rule ? `lexicon:${l.f.rule}` : isTemplate(l) ? 'template' : 'outside-body';
      } else if (l.f.rule) rule = `lexicon:${l.f.rule}`;
      else if (isTemplate(l)) rule = 'template';
      else if (!inside) rule = 'outside-body';
      else if (l.score <= INSIDE_MIN && chromeEvidence(l)) rule = 'low-score';
      else if (underRelated && headlineLike(l)) rule = 'lexicon:related';
      if (rule) {
        const detail = rule === 'lexicon:related' && !l.f.rule ? `${detailOf(l)}; listed under a related-articles heading` : detailOf(l);
        removed.push(removalOf(line.text, rule, detail));
        return;
      }
      if (line.kind === 'title' && i !== title) line.kind = 'heading';
      keep.add(l.node);
      const span = line.text.sourceSpan();
      decisions.kept.push([span.start, span.end, line.score, reason]);
    });
    if (!found && all.length > 0) file.message('chrome: no main body found; kept every line that is not clearly chrome');
    data.removed.push(...removed);
    data.meta.chrome = decisions;
    tree.children = tree.children.filter((n) => n.type !== 'ParagraphNode' || !n.data?.line || keep.has(n as LineNode));
  };
}
