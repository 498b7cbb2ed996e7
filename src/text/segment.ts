import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
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

/** cppjieba's own small user dictionary, which nodejieba loads by default (kept, so raw jieba and qingxi agree). */
const DEFAULT_USER_DICT: string = (nodejieba as unknown as { DEFAULT_USER_DICT: string }).DEFAULT_USER_DICT;

/**
 * Frequency given to a user word listed without one: about that of a common word in jieba's dictionary (模型
 * 2890), enough to keep the word whole in ordinary contexts without letting it swallow its neighbours.
 */
export const DEFAULT_USER_FREQ = 2000;

let userDictFiles = 0;

/**
 * A user dictionary in cppjieba's format, `word freq tag` on every line (with two columns cppjieba would read
 * `word 5` as word plus tag "5"), written to a temporary file that cppjieba reads during load().
 */
function writeJiebaUserDict(words: readonly UserWord[]): string {
  const file = path.join(tmpdir(), `qingxi-userdict-${process.pid}-${threadId}-${++userDictFiles}.utf8`);
  const lines = words.map((w) => `${w.word} ${w.freq && w.freq > 0 ? w.freq : DEFAULT_USER_FREQ} ${w.tag ?? 'x'}`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
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
    const phrases: string[] = [];
    const chinese: UserWord[] = [];
    for (const w of this.words) {
      if (/[\sA-Za-z0-9]/.test(w.word)) phrases.push(w.word);
      else chinese.push(w);
    }
    // Chinese words go to cppjieba as a user-dictionary file with a frequency on every line: insertWord() gives
    // them the dictionary's median weight, too low to keep 大模型 whole against 大 + 模型.
    const file = chinese.length ? writeJiebaUserDict(chinese) : undefined;
    try {
      nodejieba.load({
        idfDict: `${PACKAGE_ROOT}/data/jieba/idf.min.utf8`,
        stopWordDict: `${PACKAGE_ROOT}/data/jieba/stop_words.min.utf8`,
        ...(file ? { userDict: `${DEFAULT_USER_DICT}|${file}` } : {}),
      });
    } finally {
      if (file) rmSync(file, { force: true });
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
