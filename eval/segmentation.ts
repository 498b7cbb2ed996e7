/**
 * Word segmentation: SIGHAN 2005 PKU and MSR test sets (word precision, recall, F and OOV recall against the
 * gold, OOV relative to the training word list) and UD Chinese GSDSimp test (word F).
 *
 * qingxi's path is the pipeline's: punctuation normalisation (full-width digits and letters to half-width),
 * sentence splitting, then the segmenter with its protections (numbers, Latin terms, URLs as single tokens).
 * Three variants run in the same process, so the effect of protections and of the user dictionary is visible:
 * raw `nodejieba.cut(s, true)`, qingxi's segmenter without the user dictionary, and with pipeline/userdict.txt.
 * A word is correct when its span (in non-space characters of the line) equals a gold word's span.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nodejieba from 'nodejieba';
import { MappedText } from '../src/text/mapped.js';
import { normalisePunctuation } from '../src/text/punctuation.js';
import { Segmenter } from '../src/text/segment.js';
import { splitSentences } from '../src/text/sentences.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { dataset, fmt, missing } from './data.js';
import type { EvalRow, EvalSection } from './table.js';

const USER_DICT = path.join(PACKAGE_ROOT, 'pipeline', 'userdict.txt');

interface Corpus {
  name: string;
  /** Raw lines to segment. */
  lines: string[];
  /** Gold words of each line. */
  gold: string[][];
  /** Training vocabulary for OOV recall, when the set has one. */
  vocab?: Set<string>;
  /** Published peer figure (jieba, default dictionary) and the target. */
  peer?: { f: number; p: number; r: number };
}

const ALNUM = /[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/;

/** A word as [start, end) in non-space characters of its line. */
type Span = [number, number];

interface Score {
  tp: number;
  pred: number;
  gold: number;
  oov: number;
  oovTp: number;
  /** Gold words with digits or Latin letters (what the protections act on), and how many were found. */
  alnum: number;
  alnumTp: number;
  /** Lines whose segmentation did not cover the line's text exactly (should be 0). */
  misaligned: number;
}

/** Spans of words laid end to end, counting non-space characters only. */
function spansOf(words: readonly string[]): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const w of words) {
    const len = w.replace(/\s/g, '').length;
    if (len === 0) continue;
    out.push([at, at + len]);
    at += len;
  }
  return out;
}

/** Segmenters under test: each maps a raw line to its words' spans in non-space characters of the line. */
type LineSegmenter = (line: string) => Span[];

/** Raw jieba: `cut(s, true)` on the raw line, whitespace tokens dropped. */
const rawJieba: LineSegmenter = (line) => spansOf(nodejieba.cut(line, true).filter((t) => t.trim()));

/** qingxi's path: normalise punctuation and width, split sentences, segment each, map tokens back to the line. */
function qingxi(seg: Segmenter): LineSegmenter {
  return (line) => {
    // Non-space index of every source code unit of the line.
    const nsIndex = new Uint32Array(line.length + 1);
    for (let i = 0, k = 0; i <= line.length; i++) {
      nsIndex[i] = k;
      if (i < line.length && !/\s/.test(line[i]!)) k++;
    }
    const text = normalisePunctuation(MappedText.fromSource(line), { fullWidthPunctuation: true, halfWidthAlnum: true });
    const out: Span[] = [];
    for (const [a, b] of splitSentences(text.text)) {
      const sentence = text.slice(a, b);
      let at = 0;
      for (const tok of seg.cut(sentence.text)) {
        const i = sentence.text.indexOf(tok, at);
        if (i < 0) continue;
        at = i + tok.length;
        const { start, end } = sentence.sourceSpan(i, at);
        if (nsIndex[end]! > nsIndex[start]!) out.push([nsIndex[start]!, nsIndex[end]!]);
      }
    }
    return out;
  };
}

function score(c: Corpus, segment: LineSegmenter): Score {
  const s: Score = { tp: 0, pred: 0, gold: 0, oov: 0, oovTp: 0, alnum: 0, alnumTp: 0, misaligned: 0 };
  c.lines.forEach((line, li) => {
    const goldWords = c.gold[li]!;
    const gold = spansOf(goldWords);
    const pred = segment(line);
    const total = line.replace(/\s/g, '').length;
    const covered = pred.reduce((k, [a, b]) => k + b - a, 0);
    if (covered !== total) s.misaligned++;
    const predSet = new Set(pred.map(([a, b]) => a * 100000 + b));
    s.pred += pred.length;
    s.gold += gold.length;
    gold.forEach(([a, b], wi) => {
      const hit = predSet.has(a * 100000 + b);
      if (hit) s.tp++;
      if (ALNUM.test(goldWords[wi]!)) {
        s.alnum++;
        if (hit) s.alnumTp++;
      }
      if (c.vocab && !c.vocab.has(goldWords[wi]!)) {
        s.oov++;
        if (hit) s.oovTp++;
      }
    });
  });
  return s;
}

function prf(s: Score): { p: number; r: number; f: number; oovR: number } {
  const p = s.pred ? s.tp / s.pred : 0;
  const r = s.gold ? s.tp / s.gold : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0, oovR: s.oov ? s.oovTp / s.oov : NaN };
}

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split(/\r?\n/);
}

/** A test file and its gold, aligned line by line (blank lines of the raw file dropped with their gold). */
function loadPair(raw: string, gold: string): { lines: string[]; gold: string[][] } {
  const r = readLines(dataset(raw));
  const g = readLines(dataset(gold));
  const lines: string[] = [];
  const words: string[][] = [];
  r.forEach((line, i) => {
    if (!line.trim()) return;
    lines.push(line);
    words.push((g[i] ?? '').split(/\s+/).filter(Boolean));
  });
  return { lines, gold: words };
}

function sighan(name: 'pku' | 'msr'): Corpus | string {
  const raw = `sighan2005/testing/${name}_test.utf8`;
  const gold = `sighan2005/gold/${name}_test_gold.utf8`;
  const train = `sighan2005/gold/${name}_training_words.utf8`;
  const absent = missing(raw, gold, train);
  if (absent) return absent;
  const pair = loadPair(raw, gold);
  const vocab = new Set(readLines(dataset(train)).map((w) => w.trim()).filter(Boolean));
  const peer = name === 'pku' ? { p: 0.85, r: 0.784, f: 0.816 } : { p: 0.814, r: 0.809, f: 0.811 };
  return { name: `SIGHAN 2005 ${name.toUpperCase()} test`, ...pair, vocab, peer };
}

function ud(): Corpus | string {
  const raw = 'ud-zh-gsdsimp/derived_test.sentences.txt';
  const gold = 'ud-zh-gsdsimp/derived_test.gold_words.txt';
  const absent = missing(raw, gold);
  if (absent) return absent;
  return { name: 'UD GSDSimp test', ...loadPair(raw, gold) };
}

export const segmentationSection: EvalSection = {
  name: 'segmentation',
  async run() {
    const corpora: Corpus[] = [];
    const skips: string[] = [];
    for (const c of [sighan('pku'), sighan('msr'), ud()]) {
      if (typeof c === 'string') skips.push(c);
      else corpora.push(c);
    }
    if (!corpora.length) return { skipped: skips.join('; ') };
    for (const s of skips) console.log(`[skip] segmentation: ${s}`);

    // nodejieba is one global instance per thread: Segmenters reload it when another one was loaded, but a direct
    // nodejieba.load() goes unnoticed by them, so raw jieba runs first.
    nodejieba.load();
    const results = corpora.map((c) => ({ c, raw: score(c, rawJieba) }));
    const plain = new Segmenter([]);
    const withPlain = results.map((r) => ({ ...r, plain: score(r.c, qingxi(plain)) }));
    const dict = Segmenter.fromFile(USER_DICT);
    const all = withPlain.map((r) => ({ ...r, dict: score(r.c, qingxi(dict)) }));

    const rows: EvalRow[] = [];
    for (const { c, raw, plain: p0, dict: d0 } of all) {
      const q = prf(d0);
      const j = prf(raw);
      const n = prf(p0);
      const peer = c.peer ? `jieba ${fmt(c.peer.f)} (published); ` : '';
      rows.push({
        measure: 'word F (P / R)',
        data: c.name,
        qingxi: `${fmt(q.f)} (${fmt(q.p)} / ${fmt(q.r)})`,
        peer: `${peer}raw jieba ${fmt(j.f)}, no user dict ${fmt(n.f)} (same run)`,
        target: c.peer ? `≥ ${fmt(c.peer.f)}` : '',
        pass: c.peer ? Math.round(q.f * 1000) / 1000 >= c.peer.f : undefined,
        values: {
          f: q.f,
          p: q.p,
          r: q.r,
          rawJiebaF: j.f,
          rawJiebaP: j.p,
          rawJiebaR: j.r,
          noUserDictF: n.f,
          noUserDictP: n.p,
          noUserDictR: n.r,
          goldWords: d0.gold,
          alnumGoldWords: d0.alnum,
          alnumRecall: d0.alnum ? d0.alnumTp / d0.alnum : NaN,
          rawJiebaAlnumRecall: raw.alnum ? raw.alnumTp / raw.alnum : NaN,
          misalignedLines: d0.misaligned + raw.misaligned + p0.misaligned,
        },
        details: [
          `raw jieba P/R/F ${fmt(j.p, 4)} / ${fmt(j.r, 4)} / ${fmt(j.f, 4)}; qingxi without user dictionary ${fmt(n.p, 4)} / ` +
            `${fmt(n.r, 4)} / ${fmt(n.f, 4)}; with it ${fmt(q.p, 4)} / ${fmt(q.r, 4)} / ${fmt(q.f, 4)}.`,
          `Gold words with digits or Latin letters (${d0.alnum}, what the protections act on): recall raw jieba ` +
            `${fmt(raw.alnum ? raw.alnumTp / raw.alnum : NaN)}, qingxi ${fmt(d0.alnum ? d0.alnumTp / d0.alnum : NaN)}.`,
        ],
      });
      if (c.vocab) {
        rows.push({
          measure: 'OOV recall',
          data: c.name,
          qingxi: fmt(q.oovR),
          peer: `raw jieba ${fmt(j.oovR)}, no user dict ${fmt(n.oovR)} (same run)`,
          target: '',
          values: { oovRecall: q.oovR, rawJieba: j.oovR, noUserDict: n.oovR, oovWords: d0.oov },
        });
      }
    }
    return rows;
  },
};
