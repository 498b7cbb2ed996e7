/**
 * Sentence splitting: qingxi's splitter (the one the `sentences` stage uses) on
 * - UD Chinese GSDSimp test: the raw concatenated stream of the test set against its one-sentence-per-line gold
 *   (sentences glued without any separator, as UD's own raw text has them: every sentence's last token carries
 *   SpaceAfter=No); the dev set the same way, as the set rules are developed on (no target there);
 * - MAC-Dev: six novel chapters with gold paragraphs and sentences (dialogue, quotes, ellipses), each paragraph
 *   fed to the splitter on its own.
 * Scores: boundary F1 (sentence ends inside the text) and exact-match sentence F1 (a sentence counts when its
 * span equals a gold sentence's). A plain regex split on 。！？ is scored in the same run for context.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { splitSentences, type Range } from '../src/text/sentences.js';
import { dataset, fmt, missing } from './data.js';
import type { EvalRow, EvalSection } from './table.js';

const udRaw = (set: 'test' | 'dev') => `ud-zh-gsdsimp/derived_${set}.raw_concatenated.txt`;
const udGold = (set: 'test' | 'dev') => `ud-zh-gsdsimp/derived_${set}.sentences.txt`;
const MAC_DIR = 'mac-dev/intertext';

/** The plain regex baseline: a sentence ends after a run of 。！？ and the closing quotes that follow. */
export function regexSplit(text: string): Range[] {
  const ranges: Range[] = [];
  const re = /[^。！？]*(?:[。！？]+[”’」』]*|$)/g;
  for (let m = re.exec(text); m && m[0].length > 0; m = re.exec(text)) {
    let a = m.index;
    let b = a + m[0].length;
    while (a < b && /\s/.test(text[a]!)) a++;
    while (b > a && /\s/.test(text[b - 1]!)) b--;
    if (b > a) ranges.push([a, b]);
  }
  return ranges;
}

/** One text with its gold sentences (as ranges into the text). */
interface Doc {
  text: string;
  gold: Range[];
}

interface Counts {
  /** Sentence ends strictly inside the text. */
  bTp: number;
  bPred: number;
  bGold: number;
  /** Exact sentence spans. */
  sTp: number;
  sPred: number;
  sGold: number;
}

function f1(tp: number, pred: number, gold: number): { p: number; r: number; f: number } {
  const p = pred ? tp / pred : 1;
  const r = gold ? tp / gold : 1;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

function score(docs: Doc[], split: (t: string) => Range[], errors?: string[]): Counts {
  const c: Counts = { bTp: 0, bPred: 0, bGold: 0, sTp: 0, sPred: 0, sGold: 0 };
  for (const d of docs) {
    const pred = split(d.text);
    const n = d.text.trimEnd().length;
    const ends = (rs: Range[]) => new Set(rs.map((r) => r[1]).filter((e) => e < n));
    const pe = ends(pred);
    const ge = ends(d.gold);
    c.bPred += pe.size;
    c.bGold += ge.size;
    for (const e of pe) if (ge.has(e)) c.bTp++;
    const gs = new Set(d.gold.map((r) => `${r[0]}:${r[1]}`));
    c.sPred += pred.length;
    c.sGold += d.gold.length;
    for (const r of pred) if (gs.has(`${r[0]}:${r[1]}`)) c.sTp++;
    if (errors) {
      for (const e of pe) if (!ge.has(e)) errors.push(`false split: …${d.text.slice(Math.max(0, e - 25), e)} | ${d.text.slice(e, e + 15)}…`);
      for (const e of ge) if (!pe.has(e)) errors.push(`missed: …${d.text.slice(Math.max(0, e - 25), e)} | ${d.text.slice(e, e + 15)}…`);
    }
  }
  return c;
}

/** Gold sentences located in the text they were cut from, in order (whitespace between them skipped). */
function locate(text: string, sentences: string[]): Range[] {
  const gold: Range[] = [];
  let at = 0;
  for (const s of sentences) {
    const i = text.indexOf(s, at);
    if (i < 0) throw new Error(`gold sentence not found in its text: ${s.slice(0, 30)}`);
    gold.push([i, i + s.length]);
    at = i + s.length;
  }
  return gold;
}

function udDocs(set: 'test' | 'dev'): Doc[] {
  const text = readFileSync(dataset(udRaw(set)), 'utf8').replace(/\s+$/, '');
  const sentences = readFileSync(dataset(udGold(set)), 'utf8')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  return [{ text, gold: locate(text, sentences) }];
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** MAC-Dev paragraphs: each `<p>` is a text, its `<s>` the gold sentences, joined without separators. */
function macDocs(): Doc[] {
  const dir = dataset(MAC_DIR);
  const docs: Doc[] = [];
  for (const f of readdirSync(dir).filter((n) => /^dev-anno\.\d+_zh\.xml$/.test(n)).sort()) {
    const xml = readFileSync(`${dir}/${f}`, 'utf8');
    for (const p of xml.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/g)) {
      const sentences = [...p[1]!.matchAll(/<s\b[^>]*>([\s\S]*?)<\/s>/g)].map((m) => unescapeXml(m[1]!).trim()).filter(Boolean);
      if (!sentences.length) continue;
      const text = sentences.join('');
      docs.push({ text, gold: locate(text, sentences) });
    }
  }
  return docs;
}

/** Targets are stated to three decimals (as the published figures are): compare at that precision. */
function meets(x: number, target: number): boolean {
  return Math.round(x * 1000) / 1000 >= target;
}

function rows(data: string, docs: Doc[], targets: { boundary?: number; exact?: number }, peer: { boundary: string; exact: string }): EvalRow[] {
  const errors: string[] = [];
  const q = score(docs, splitSentences, errors);
  const b = score(docs, regexSplit);
  const qb = f1(q.bTp, q.bPred, q.bGold);
  const qs = f1(q.sTp, q.sPred, q.sGold);
  const rb = f1(b.bTp, b.bPred, b.bGold);
  const rs = f1(b.sTp, b.sPred, b.sGold);
  const out: EvalRow[] = [];
  out.push({
    measure: 'sentence boundary F1',
    data,
    qingxi: `${fmt(qb.f, 4)} (P ${fmt(qb.p, 4)} R ${fmt(qb.r, 4)})`,
    peer: `${peer.boundary}; regex 。！？ ${fmt(rb.f, 4)} (same run)`,
    target: targets.boundary !== undefined ? `≥ ${targets.boundary} (3 d.p.)` : '',
    pass: targets.boundary !== undefined ? meets(qb.f, targets.boundary) : undefined,
    values: { f: qb.f, p: qb.p, r: qb.r, tp: q.bTp, pred: q.bPred, gold: q.bGold, regexF: rb.f },
  });
  out.push({
    measure: 'sentence exact-match F1',
    data,
    qingxi: `${fmt(qs.f, 4)} (P ${fmt(qs.p, 4)} R ${fmt(qs.r, 4)})`,
    peer: `${peer.exact}; regex 。！？ ${fmt(rs.f, 4)} (same run)`,
    target: targets.exact !== undefined ? `≥ ${targets.exact} (3 d.p.)` : '',
    pass: targets.exact !== undefined ? meets(qs.f, targets.exact) : undefined,
    values: { f: qs.f, p: qs.p, r: qs.r, tp: q.sTp, pred: q.sPred, gold: q.sGold, regexF: rs.f },
    details: [`${errors.length} boundary errors:`, ...errors],
  });
  return out;
}

export const sentencesSection: EvalSection = {
  name: 'sentences',
  async run() {
    const out: EvalRow[] = [];
    const skips: string[] = [];
    const udAbsent = missing(udRaw('test'), udGold('test'));
    if (udAbsent) skips.push(udAbsent);
    else {
      const docs = udDocs('test');
      out.push(
        ...rows(`UD GSDSimp test (${docs[0]!.gold.length} sent.)`, docs, { boundary: 0.997, exact: 0.995 }, {
          boundary: 'regex 0.997 (issue)',
          exact: 'UDPipe 2 ≈ 0.99',
        }),
      );
    }
    const devAbsent = missing(udRaw('dev'), udGold('dev'));
    if (devAbsent) skips.push(devAbsent);
    else {
      const docs = udDocs('dev');
      out.push(...rows(`UD GSDSimp dev (${docs[0]!.gold.length} sent.)`, docs, {}, { boundary: 'n/a', exact: 'n/a' }));
    }
    const macAbsent = missing(MAC_DIR);
    if (macAbsent || !existsSync(dataset(MAC_DIR, 'dev-anno.001_zh.xml'))) skips.push(macAbsent ?? `no chapters in ${dataset(MAC_DIR)}`);
    else {
      const docs = macDocs();
      const n = docs.reduce((k, d) => k + d.gold.length, 0);
      out.push(...rows(`MAC-Dev zh (${docs.length} chapters, ${n} sent.)`, docs, { exact: 0.98 }, { boundary: 'n/a', exact: 'regex 0.953 (issue)' }));
    }
    if (!out.length) return { skipped: skips.join('; ') };
    for (const s of skips) console.log(`[skip] sentences: ${s}`);
    return out;
  },
};
