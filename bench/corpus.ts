/**
 * Benchmark corpora: real pages replicated to a target size, deterministic for a seed.
 *
 * Sources: the sample corpus (`corpus/`, plain-text dumps) and the 401 real news pages of
 * `../shared/datasets/daniel-zh/html` (read in place, never copied into the repository). Each page is written either
 * as its HTML or as a plain-text dump of its text content (what a scraper's "save as text" gives), and a share of
 * the articles is converted to Traditional (opencc-js `cn` -> `tw`; pages already in Traditional stay as they are).
 *
 * The corpus is built in rounds. One round holds every source page once, in a seeded order, under
 * `r<round>/<site>/`, so within a round a site looks exactly as it does in the original data (its real template
 * lines repeat across its own articles), while the copies of a page in other rounds live under other folders, i.e.
 * other sites for qingxi's template detection, and never turn a whole article into "template" chrome.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import * as OpenCC from 'opencc-js';
import { PACKAGE_ROOT } from '../src/version.js';

export interface BenchCorpusOptions {
  /** Stop once the files written reach this many bytes (default 20 MB; ignored when `articles` is given). */
  targetBytes?: number;
  /** Write exactly this many articles (one file each). */
  articles?: number;
  /** PRNG seed: the same seed and options give byte-identical corpora (default 1). */
  seed?: number;
  /** Share of the DAnIEL pages written as HTML rather than as a text dump (default 0.5). */
  htmlShare?: number;
  /** Share of the articles converted to Traditional (default 0.25). */
  traditionalShare?: number;
  /** When set, also write the plain text of every article here (text dumps as written, HTML pages as their text
   * content), articles separated by a blank line: the "same text" the segmenter-only baselines are run over. */
  textOut?: string;
  /** When set, also write every file's content here as written (markup included), files separated by a newline:
   * the corpus as users pipe it through the shell pipeline today (`cat ... | opencc | python3 -m jieba`). */
  filesOut?: string;
}

export interface BenchCorpusStats {
  files: number;
  /** Bytes written (UTF-8). */
  bytes: number;
  /** Characters (UTF-16 code units) of the files as written, markup included. */
  chars: number;
  /** Characters of the articles' text content (HTML pages: their text; text dumps: everything). */
  textChars: number;
  htmlFiles: number;
  /** Articles converted to Traditional by the builder. */
  traditional: number;
  rounds: number;
}

/** Where the DAnIEL pages live (read in place). */
export function danielHtmlDir(): string {
  return path.resolve(PACKAGE_ROOT, '..', 'shared', 'datasets', 'daniel-zh', 'html');
}

/** mulberry32: a small, fast, seedable PRNG (numbers in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

interface Source {
  /** Site folder name. */
  site: string;
  /** Short stable name of the page. */
  name: string;
  /** HTML source, when the page is a web page. */
  html?: string;
  /** Plain text (text dumps; computed lazily for HTML pages). */
  text?: string;
}

/** The text content of a page, the way a "save as text" dump has it: block elements on their own lines. */
export function htmlTextDump(html: string): string {
  const tree = fromHtml(html);
  return `${toText(tree)
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+$/u, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** The DAnIEL files are UTF-8 (see SOURCE.txt) though some still declare gb2312/gbk: make the declaration true. */
function declareUtf8(html: string): string {
  return html.replace(/(<meta[^>]+charset\s*=\s*["']?\s*)([A-Za-z0-9_-]+)/i, (_m, pre: string) => `${pre}utf-8`);
}

function loadSources(): Source[] {
  const sources: Source[] = [];
  const sample = path.join(PACKAGE_ROOT, 'corpus');
  if (existsSync(sample)) {
    for (const f of readdirSync(sample).sort()) {
      if (!f.endsWith('.txt')) continue;
      sources.push({ site: 'sample', name: f.replace(/\.txt$/, ''), text: readFileSync(path.join(sample, f), 'utf8') });
    }
  }
  const dir = danielHtmlDir();
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      // 20111209_china.huanqiu.com_<hash>: the host is the site.
      const parts = f.split('_');
      const site = parts.length >= 3 ? parts[1]! : 'daniel';
      const name = `${parts[0]}-${(parts[parts.length - 1] ?? f).slice(0, 12)}`;
      sources.push({ site, name, html: declareUtf8(new TextDecoder('utf-8').decode(readFileSync(path.join(dir, f)))) });
    }
  } else {
    process.stderr.write(`bench corpus: ${dir} is absent; using the sample corpus only\n`);
  }
  if (sources.length === 0) throw new Error('bench corpus: no source pages (corpus/ and ../shared/datasets/daniel-zh/html missing)');
  return sources;
}

/**
 * Fill `dir` with a benchmark corpus (see the module comment). `dir` should be empty or absent and outside the
 * repository (e.g. under /tmp). Returns what was written.
 */
export async function buildBenchCorpus(dir: string, opts: BenchCorpusOptions = {}): Promise<BenchCorpusStats> {
  const seed = opts.seed ?? 1;
  const targetBytes = opts.targetBytes ?? 20 * 1024 * 1024;
  const htmlShare = opts.htmlShare ?? 0.5;
  const tradShare = opts.traditionalShare ?? 0.25;
  const rand = prng(seed);
  const sources = loadSources();
  const toTw = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const textOf = (s: Source): string => (s.text ??= htmlTextDump(s.html!));

  await mkdir(dir, { recursive: true });
  const texts: string[] = [];
  const contents: string[] = [];
  const stats: BenchCorpusStats = { files: 0, bytes: 0, chars: 0, textChars: 0, htmlFiles: 0, traditional: 0, rounds: 0 };
  const done = () => (opts.articles !== undefined ? stats.files >= opts.articles : stats.bytes >= targetBytes);
  const width = String(Math.max(opts.articles ?? 0, 99_999)).length;

  while (!done()) {
    const round = stats.rounds++;
    for (const src of shuffled(sources, rand)) {
      if (done()) break;
      // Draw every random number whether used or not, so one option does not shift the others' choices.
      const asHtml = rand() < htmlShare && src.html !== undefined;
      const traditional = rand() < tradShare;
      const salt = rand();
      let content = asHtml ? src.html! : textOf(src);
      if (traditional) {
        content = toTw(content);
        stats.traditional++;
      }
      const seq = String(stats.files).padStart(width, '0');
      const tag = createHash('sha256').update(`${seed}:${round}:${src.name}:${salt}`).digest('hex').slice(0, 8);
      const rel = `r${String(round).padStart(2, '0')}/${src.site}/${seq}-${src.name}-${tag}.${asHtml ? 'html' : 'txt'}`;
      const abs = path.join(dir, rel);
      await mkdir(path.dirname(abs), { recursive: true });
      const bytes = Buffer.from(content, 'utf8');
      await writeFile(abs, bytes);
      stats.files++;
      stats.bytes += bytes.length;
      stats.chars += content.length;
      if (asHtml) stats.htmlFiles++;
      const text = !asHtml ? content : traditional ? toTw(textOf(src)) : textOf(src);
      stats.textChars += text.length;
      if (opts.textOut !== undefined) texts.push(text);
      if (opts.filesOut !== undefined) contents.push(content);
    }
  }
  if (opts.filesOut !== undefined) {
    await mkdir(path.dirname(opts.filesOut), { recursive: true });
    await writeFile(opts.filesOut, contents.join('\n'));
  }
  if (opts.textOut !== undefined) {
    await mkdir(path.dirname(opts.textOut), { recursive: true });
    await writeFile(opts.textOut, texts.join('\n'));
  }
  return stats;
}
