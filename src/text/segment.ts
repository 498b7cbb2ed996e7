import { readFileSync } from 'node:fs';
import nodejieba from 'nodejieba';
import { protectedSpans } from './protect.js';
import { PACKAGE_ROOT } from '../version.js';

/** One entry of the user dictionary: `word [frequency] [tag]`. */
export interface UserWord {
  word: string;
  freq?: number;
  tag?: string;
}

/**
 * Parse a user dictionary: one word per line, optionally followed by a frequency and a part-of-speech tag;
 * `#` starts a comment. Words may contain spaces when the line separates columns with a tab.
 */
export function parseUserDictionary(text: string): UserWord[] {
  const out: UserWord[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const cols = line.includes('\t') ? line.split('\t').map((c) => c.trim()) : line.split(/\s+/);
    const word = cols[0]!;
    let freq: number | undefined;
    let tag: string | undefined;
    for (const c of cols.slice(1)) {
      if (/^\d+$/.test(c) && freq === undefined) freq = Number(c);
      else if (c) tag = c;
    }
    out.push({ word, freq, tag });
  }
  return out;
}

/**
 * The segmenter: nodejieba with HMM on, wrapped so that URLs, e-mail addresses, numbers, versions and Latin
 * terms come out as single tokens, and user-dictionary words with spaces or Latin letters (which cppjieba cannot
 * hold) are matched before jieba sees the text.
 */
export class Segmenter {
  private phrases: RegExp | undefined;
  private loaded = false;

  constructor(private readonly words: UserWord[] = []) {}

  static fromFile(file: string): Segmenter {
    return new Segmenter(parseUserDictionary(readFileSync(file, 'utf8')));
  }

  private load(): void {
    if (this.loaded) return;
    // Only `cut` is used: give the keyword extractors, which load() always builds, one-line tables instead of
    // the 6 MB IDF table and the stop words (data/jieba/README.md). The dictionary and HMM model stay the defaults.
    nodejieba.load({ idfDict: `${PACKAGE_ROOT}/data/jieba/idf.min.utf8`, stopWordDict: `${PACKAGE_ROOT}/data/jieba/stop_words.min.utf8` });
    const phrases: string[] = [];
    for (const w of this.words) {
      if (/[\sA-Za-z0-9]/.test(w.word)) phrases.push(w.word);
      else if (w.tag) nodejieba.insertWord(w.word, w.tag);
      else nodejieba.insertWord(w.word);
    }
    if (phrases.length) {
      phrases.sort((a, b) => b.length - a.length);
      const esc = phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ +/g, '\\s+'));
      this.phrases = new RegExp(`(?<![A-Za-z0-9])(?:${esc.join('|')})(?![A-Za-z0-9])`, 'g');
    }
    this.loaded = true;
  }

  /** Add words at run time (terms discovered by the glossary). Words with spaces or Latin go to the phrase list. */
  addWords(words: readonly string[]): void {
    this.words.push(...words.map((word) => ({ word })));
    if (this.loaded) {
      this.loaded = false;
      this.phrases = undefined;
      this.load();
    }
  }

  /** Tokens of `text`, whitespace dropped. */
  cut(text: string): string[] {
    this.load();
    const spans: { start: number; end: number }[] = [];
    if (this.phrases) {
      this.phrases.lastIndex = 0;
      for (let m = this.phrases.exec(text); m; m = this.phrases.exec(text)) spans.push({ start: m.index, end: m.index + m[0].length });
    }
    for (const s of protectedSpans(text)) {
      if (!spans.some((p) => s.start < p.end && p.start < s.end)) spans.push(s);
    }
    spans.sort((a, b) => a.start - b.start);
    const tokens: string[] = [];
    let at = 0;
    const jieba = (s: string) => {
      if (!s.trim()) return;
      for (const t of nodejieba.cut(s, true)) if (t.trim()) tokens.push(t);
    };
    for (const s of spans) {
      jieba(text.slice(at, s.start));
      tokens.push(text.slice(s.start, s.end));
      at = s.end;
    }
    jieba(text.slice(at));
    return tokens;
  }
}
