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

/** Words cppjieba cannot hold (spaces) or that qingxi protects itself (Latin, digits): matched before jieba. */
const isPhrase = (word: string) => /[\sA-Za-z0-9]/.test(word);

/** Milliseconds this thread has spent in loadBase (a segment task that had to load the dictionary reports its share). */
let loadMs = 0;

export function dictionaryLoadMs(): number {
  return loadMs;
}

/**
 * Load the base dictionary into this thread's nodejieba: jieba's dictionary, HMM model and default user
 * dictionary, plus `words` (the configured user dictionary's Chinese words) with a frequency on every line.
 */
function loadBase(words: readonly UserWord[]): void {
  const t0 = performance.now();
  try {
    loadBaseNow(words);
  } finally {
    loadMs += performance.now() - t0;
  }
}

function loadBaseNow(words: readonly UserWord[]): void {
  if (typeof nodejieba.hasInsertWordFrequency !== 'function' || !nodejieba.hasInsertWordFrequency()) {
    throw new Error(
      'nodejieba is not the build qingxi needs (patches/nodejieba+3.5.8.patch: insertWord with a frequency, ' +
        'TextRank extractor built on first use); run `npm install`, whose postinstall applies the patch and rebuilds nodejieba',
    );
  }
  // Only `cut` is used: give the keyword extractor, which load() always builds, one-line tables instead of the
  // 6 MB IDF table and the stop words (data/jieba/README.md). The dictionary and HMM model stay the defaults.
  // Chinese words go to cppjieba as a user-dictionary file with a frequency on every line: insertWord() without
  // a frequency gives them the dictionary's median weight, too low to keep 大模型 whole against 大 + 模型.
  const file = words.length ? writeJiebaUserDict(words) : undefined;
  try {
    nodejieba.load({
      idfDict: `${PACKAGE_ROOT}/data/jieba/idf.min.utf8`,
      stopWordDict: `${PACKAGE_ROOT}/data/jieba/stop_words.min.utf8`,
      ...(file ? { userDict: `${DEFAULT_USER_DICT}|${file}` } : {}),
    });
  } finally {
    if (file) rmSync(file, { force: true });
  }
}

/**
 * What this thread's one native nodejieba instance holds: the base dictionary of `owner`, plus `inserted`
 * (run-time words, inserted after the base, in no particular order: they all get the same frequency and tag).
 * Segmenters assume they are nodejieba's only users in their thread (a direct nodejieba.load() goes unnoticed).
 */
let native: { owner: Segmenter; inserted: ReadonlySet<string> } | undefined;

const NO_WORDS: ReadonlySet<string> = new Set();

/**
 * The segmenter: nodejieba with HMM on, wrapped so that URLs, e-mail addresses, numbers, versions and Latin
 * terms come out as single tokens, and user-dictionary words with spaces or Latin letters (which cppjieba cannot
 * hold) are matched before jieba sees the text.
 *
 * Its dictionary is the base (jieba's, plus the user dictionary it was made with) and run-time words (terms the
 * glossary discovered: addWords, setWords), which are inserted into the loaded dictionary with
 * DEFAULT_USER_FREQ rather than loaded again. Tokens are the same as with the run-time words listed after the
 * user dictionary's in one user-dictionary file: cppjieba gives an inserted word the weight a line `word freq
 * tag` gets, and a word listed or inserted twice takes its last weight, in the order of loading then inserting.
 */
export class Segmenter {
  /** The user dictionary's words for cppjieba, in file order. */
  private readonly baseWords: UserWord[] = [];
  /** The user dictionary's words matched before jieba (spaces, Latin, digits). */
  private readonly basePhrases: string[] = [];
  /** Run-time Chinese words. Never changed in place: a new set replaces it (native state compares identity). */
  private words: ReadonlySet<string> = NO_WORDS;
  /** Run-time words matched before jieba, in the order given. */
  private wordPhrases: ReadonlySet<string> = NO_WORDS;
  /** The list setWords last got (a repeat call with the same array costs nothing). */
  private wordsFrom: readonly string[] | undefined;
  /** The phrase pattern of basePhrases and wordPhrases; null: none; undefined: not built yet. */
  private phrases: RegExp | null | undefined;

  constructor(words: readonly UserWord[] = []) {
    for (const w of words) {
      if (isPhrase(w.word)) this.basePhrases.push(w.word);
      else this.baseWords.push(w);
    }
  }

  static fromFile(file: string): Segmenter {
    return new Segmenter(parseUserDictionary(readFileSync(file, 'utf8')));
  }

  /**
   * Make this thread's nodejieba hold this segmenter's dictionary: insert the run-time words it lacks, or load
   * the base again (when it holds another segmenter's dictionary, or run-time words this one no longer has) and
   * insert them all.
   */
  private sync(): void {
    if (native?.owner === this && native.inserted === this.words) return;
    if (native?.owner !== this || [...native.inserted].some((w) => !this.words.has(w))) {
      native = undefined;
      loadBase(this.baseWords);
      native = { owner: this, inserted: NO_WORDS };
    }
    for (const w of this.words) if (!native.inserted.has(w)) nodejieba.insertWord(w, 'x', DEFAULT_USER_FREQ);
    native.inserted = this.words;
  }

  /** Load the dictionary now (a worker does this before its first segment task, so that task does not wait). */
  warm(): void {
    this.sync();
  }

  /**
   * The run-time words (terms discovered by the glossary) become exactly `words`: Chinese words are inserted
   * into the loaded dictionary, words with spaces or Latin go to the phrase list. Dropping a word reloads the base
   * on the next cut.
   */
  setWords(words: readonly string[]): void {
    if (words === this.wordsFrom) return;
    this.wordsFrom = words;
    const chinese = new Set<string>();
    const phrases = new Set<string>();
    for (const w of words) (isPhrase(w) ? phrases : chinese).add(w);
    if (chinese.size !== this.words.size || [...chinese].some((w) => !this.words.has(w))) this.words = chinese;
    const old = [...this.wordPhrases];
    if (phrases.size !== old.length || [...phrases].some((p, i) => p !== old[i])) {
      this.wordPhrases = phrases;
      this.phrases = undefined;
    }
  }

  /** Add run-time words (terms discovered by the glossary), without loading the dictionary again. */
  addWords(words: readonly string[]): void {
    this.setWords([...this.words, ...this.wordPhrases, ...words]);
  }

  private phrasePattern(): RegExp | null {
    if (this.phrases === undefined) {
      const phrases = [...this.basePhrases, ...this.wordPhrases];
      phrases.sort((a, b) => b.length - a.length);
      const esc = phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ +/g, '\\s+'));
      this.phrases = phrases.length ? new RegExp(`(?<![A-Za-z0-9])(?:${esc.join('|')})(?![A-Za-z0-9])`, 'g') : null;
    }
    return this.phrases;
  }

  /** Tokens of `text`, whitespace dropped. */
  cut(text: string): string[] {
    this.sync();
    const spans: { start: number; end: number }[] = [];
    const phrases = this.phrasePattern();
    if (phrases) {
      phrases.lastIndex = 0;
      for (let m = phrases.exec(text); m; m = phrases.exec(text)) spans.push({ start: m.index, end: m.index + m[0].length });
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
