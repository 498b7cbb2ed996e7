/**
 * Chrome stripping measured on real pages (issue 3): the 401 Chinese news pages of DAnIEL v2.1 with their
 * human-cleaned main text. qingxi runs twice over them (HTML input, then each page's plain-text dump), Mozilla
 * Readability and defuddle run on the same HTML, and the whole page text is scored as the floor.
 *
 * Metric (the issue's): output and reference converted to Simplified, only letters (CJK included) and digits kept,
 * bags of character bigrams compared; precision, recall and F per page; the row reports mean P, mean R and the F
 * of the two means (width variants folded with NFKC on both sides). An empty output scores P = R = 0 on that page.
 * Each comparison converts both sides alike: qingxi's text is Simplified with the converter it chose for the page
 * (regional phrases included) and its reference is converted with that converter; the peers' outputs and their
 * references with opencc-js's generic Traditional converter. (The figures with the generic converter on qingxi's
 * references too are in the row values, genericRef*.)
 *
 * Inputs are written to a temporary folder (never the repository) with one folder per site, so qingxi's
 * template-line detection sees the pages of a site together, as in a real crawl. Pages are UTF-8 in the data set;
 * they are written with a UTF-8 BOM so their (often wrong) meta charset is not believed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import type { Element, Root } from 'hast';
import pLimit from 'p-limit';
import { converterOf } from '../src/stages/convert.js';
import { toSimplified } from '../src/text/convert.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { dataset, fmt, missing } from './data.js';
import type { EvalRow, EvalSection } from './table.js';

const run = promisify(execFile);

export const DANIEL_DIR = dataset('daniel-zh');

export interface Page {
  id: string;
  site: string;
  html: string;
  reference: string;
}

export interface Scores {
  p: number;
  r: number;
  f: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Metric

const toSimp = toSimplified('t');

/**
 * Letters (CJK included) and digits of the Simplified text, nothing else. Width variants are folded (NFKC) on both
 * sides first: a full-width ２ and a half-width 2 are the same digit.
 */
export function normaliseForScore(text: string): string {
  const simp = toSimp(text.normalize('NFKC'));
  return (simp.match(/[\p{L}\p{N}]/gu) ?? []).join('');
}

/** The bag of character bigrams of a normalised string (code points). */
export function bigramBag(norm: string): Map<string, number> {
  const cps = [...norm];
  const bag = new Map<string, number>();
  for (let i = 0; i + 1 < cps.length; i++) {
    const g = cps[i]! + cps[i + 1]!;
    bag.set(g, (bag.get(g) ?? 0) + 1);
  }
  return bag;
}

/**
 * Precision, recall and F of an output against a reference on character-bigram bags. `convertReference`, when
 * given, turns the reference to Simplified the way the output was (see `QingxiOutput`).
 */
export function scorePage(output: string, reference: string, convertReference?: (s: string) => string): Scores {
  const out = bigramBag(normaliseForScore(output));
  const ref = bigramBag(normaliseForScore(convertReference ? convertReference(reference.normalize('NFKC')) : reference));
  let nOut = 0;
  let nRef = 0;
  let common = 0;
  for (const v of out.values()) nOut += v;
  for (const [g, v] of ref) {
    nRef += v;
    const o = out.get(g);
    if (o) common += Math.min(o, v);
  }
  const p = nOut ? common / nOut : 0;
  const r = nRef ? common / nRef : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

/** Mean P, mean R over pages, and the F of the two means. */
export function aggregate(scores: Scores[]): Scores {
  const n = scores.length || 1;
  const p = scores.reduce((s, x) => s + x.p, 0) / n;
  const r = scores.reduce((s, x) => s + x.r, 0) / n;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// Data

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The reference text: one paragraph per `<p>`, tags removed. */
export function referenceText(raw: string): string {
  const paras = [...raw.matchAll(/<p[^>]*>([\s\S]*?)<\/p>/gi)].map((m) => decodeEntities(m[1]!.replace(/<[^>]+>/g, '')).trim());
  return (paras.length ? paras : [decodeEntities(raw.replace(/<[^>]+>/g, ''))]).filter((p) => p).join('\n\n');
}

/** The site of a DAnIEL page id (`<date>_<host>_<hash>`). */
export function siteOfId(id: string): string {
  const parts = id.split('_');
  return parts.length >= 3 ? parts[1]! : 'other';
}

export async function pageIds(dir = DANIEL_DIR): Promise<string[]> {
  return pageIdsSync(dir);
}

function pageIdsSync(dir: string): string[] {
  return readFileSync(path.join(dir, 'ids_zh.txt'), 'utf8').split(/\r?\n/).filter(Boolean);
}

/**
 * The pages with their references. Read synchronously (802 small files, well under a second): the evaluation starts
 * the peers' threads right after, before the other eval sections take the main thread.
 */
export async function loadPages(dir = DANIEL_DIR, limit?: number, only?: string[]): Promise<Page[]> {
  const ids = only ?? pageIdsSync(dir);
  const pages: Page[] = [];
  for (const id of limit ? ids.slice(0, limit) : ids) {
    const html = readFileSync(path.join(dir, 'html', id), 'utf8');
    const reference = referenceText(readFileSync(path.join(dir, 'reference', id), 'utf8'));
    pages.push({ id, site: siteOfId(id), html, reference });
  }
  return pages;
}

function findBody(node: Root | Element): Element | undefined {
  for (const c of node.children) {
    if (c.type !== 'element') continue;
    if (c.tagName === 'body') return c;
    const inner = findBody(c);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * What a scraper saves as a page's plain text: the rendered text of the body (innerText-like, hast-util-to-text:
 * blocks on their own lines, paragraphs separated by a blank line; scripts and styles left out).
 */
export function pageText(html: string): string {
  const tree = fromHtml(html);
  const body = findBody(tree) ?? tree;
  return toText(body)
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0\u3000]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Systems

/** Each page's HTML in `<root>/html/<site>/<id>.html`, with a UTF-8 BOM (the data set is UTF-8). */
export async function writeHtmlInputs(pages: Page[], root: string): Promise<void> {
  const limit = pLimit(16);
  await Promise.all(
    pages.map((p) =>
      limit(async () => {
        await mkdir(path.join(root, 'html', p.site), { recursive: true });
        await writeFile(path.join(root, 'html', p.site, `${p.id}.html`), `\uFEFF${p.html}`);
      }),
    ),
  );
}

/** Each page's plain-text dump (`pageText`) in `<root>/text/<site>/<id>.txt`; returns the dumps by page id. */
export async function writeTextInputs(pages: Page[], root: string): Promise<Map<string, string>> {
  const dumps = new Map<string, string>();
  const limit = pLimit(16);
  const writes: Promise<void>[] = [];
  for (const p of pages) {
    const text = pageText(p.html);
    dumps.set(p.id, text);
    writes.push(
      limit(async () => {
        await mkdir(path.join(root, 'text', p.site), { recursive: true });
        await writeFile(path.join(root, 'text', p.site, `${p.id}.txt`), `${text}\n`);
      }),
    );
    // Let the writes and the workers' messages through between pages.
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(writes);
  return dumps;
}

/**
 * qingxi's cleaned text of a page (`articles/<id>.txt`), already Simplified, and the opencc-js converter it chose for
 * the page (`meta.converter`, e.g. `twp→cn`: Taiwan phrases, 資訊 → 信息). The page's reference is converted with the
 * same converter before scoring, so a word qingxi converted as a phrase is not counted as lost; the peers' outputs,
 * in the page's own script, are converted with the same generic converter as their reference.
 */
export interface QingxiOutput {
  text: string;
  converter: string;
}

/** Run the built qingxi CLI over a corpus folder; returns each page's cleaned text and converter. */
export async function runQingxi(corpus: string, out: string, pages: Page[]): Promise<Map<string, QingxiOutput>> {
  const cli = path.join(PACKAGE_ROOT, 'bin', 'qingxi.js');
  try {
    await run(process.execPath, [cli, 'run', '--corpus', corpus, '--out', out, '--concurrency', String(Math.min(2, os.availableParallelism()))], {
      cwd: PACKAGE_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    // Exit code 1 means some article failed; the others were written and are scored (a failed one scores 0).
    if ((e as { code?: number }).code !== 1) throw e;
  }
  const texts = new Map<string, QingxiOutput>();
  for (const p of pages) {
    const file = path.join(out, 'articles', p.site, `${p.id}.txt`);
    const json = path.join(out, 'articles', p.site, `${p.id}.json`);
    const converter = existsSync(json) ? String((JSON.parse(await readFile(json, 'utf8')) as { meta?: { converter?: unknown } }).meta?.converter ?? 'none') : 'none';
    texts.set(p.id, { text: existsSync(file) ? await readFile(file, 'utf8') : '', converter });
  }
  return texts;
}

type DomWindow = { DOMParser: typeof DOMParser; close(): void };
type JsdomCtor = new (html: string, opts?: Record<string, unknown>) => { window: DomWindow };

/** A jsdom window, with a console that swallows its CSS parser's complaints about scraped pages. */
async function jsdomWindow(): Promise<DomWindow> {
  // jsdom ships no types and is only a devDependency of the evaluation.
  const name: string = 'jsdom';
  const mod = (await import(name)) as { JSDOM: JsdomCtor; VirtualConsole: new () => unknown };
  return new mod.JSDOM('', { url: 'http://localhost/', virtualConsole: new mod.VirtualConsole() }).window;
}

/**
 * Mozilla Readability on jsdom: the article's textContent. Every page is parsed by the DOMParser of one jsdom
 * window instead of a window of its own: the same HTML parser and DOM (scripts off in both), without building a
 * window per page, which was most of jsdom's cost (same text on all 401 DAnIEL pages, about 3x faster). The page's
 * URL would only matter to the links Readability rewrites, not to the text scored.
 */
export async function runReadability(pages: Page[]): Promise<Map<string, string>> {
  const { Readability } = await import('@mozilla/readability');
  const window = await jsdomWindow();
  const parser = new window.DOMParser();
  const out = new Map<string, string>();
  try {
    for (const p of pages) {
      let text = '';
      try {
        const art = new Readability(parser.parseFromString(p.html, 'text/html')).parse();
        text = art?.textContent ?? '';
      } catch {
        text = '';
      }
      out.set(p.id, text);
    }
  } finally {
    window.close();
  }
  return out;
}

/**
 * defuddle's Node entry on the page's HTML (it parses with linkedom, its own default in Node; on jsdom it is about
 * eight times slower here): the text of its extracted content.
 */
export async function runDefuddle(pages: Page[]): Promise<Map<string, string>> {
  const { Defuddle } = await import('defuddle/node');
  const out = new Map<string, string>();
  for (const p of pages) {
    let text = '';
    try {
      const res = await Defuddle(p.html, `http://${p.site}/`);
      text = toText(fromHtml(res.content ?? '', { fragment: true }));
    } catch {
      text = '';
    }
    out.set(p.id, text);
  }
  return out;
}

interface PeerTask {
  peer: 'readability' | 'defuddle';
  dir: string;
  ids: string[];
}

// A peer worker: runs one peer over a chunk of pages and posts [id, text] pairs back. jsdom keeps every document a
// window parsed for as long as the window lives, so every chunk runs in a fresh thread that exits when done.
const peerTask = (workerData as { qingxiChromePeer?: PeerTask } | null)?.qingxiChromePeer;
if (!isMainThread && peerTask && parentPort) {
  const port = parentPort;
  void (async () => {
    const pages = await loadPages(peerTask.dir, undefined, peerTask.ids);
    const out = peerTask.peer === 'readability' ? await runReadability(pages) : await runDefuddle(pages);
    port.postMessage([...out]);
  })();
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * The peers' outputs are cached in the temporary folder (never the repository), by peer version and page content:
 * they depend on nothing else, and jsdom is slow (about 0.5 s a page here), so only the first run pays for them.
 */
function peerCache(peer: 'readability' | 'defuddle'): { file: string; map: Map<string, string> } {
  const version = packageVersion(peer === 'readability' ? '@mozilla/readability' : 'defuddle');
  const file = path.join(os.tmpdir(), 'qingxi-eval-cache', `${peer}-${version}.json`);
  let map = new Map<string, string>();
  try {
    map = new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
  } catch {
    /* no cache yet */
  }
  return { file, map };
}

function savePeerCache(c: { file: string; map: Map<string, string> }): void {
  try {
    mkdirSync(path.dirname(c.file), { recursive: true });
    const tmp = `${c.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(c.map)));
    renameSync(tmp, c.file);
  } catch {
    /* a cache that cannot be written only costs time */
  }
}

const pageHash = (p: Page) => createHash('sha256').update(p.html).digest('hex');

/**
 * Readability and defuddle over the pages on `threads` worker threads (cached outputs reused). Each peer's pages are
 * cut into one chunk per thread and the chunks alternate (Readability, defuddle, Readability, ...), so each thread
 * gets one chunk of each peer and both threads finish together. Few, long chunks matter: a fresh thread spends its
 * first pages warming up the JIT (the first 50 Readability pages cost twice the next 50), and each chunk still
 * gets a fresh thread because jsdom keeps every parsed document alive for as long as its window lives (about
 * 3 MB a page: up to about 1 GB per thread here).
 */
export async function runPeers(pages: Page[], threads = Math.min(2, os.availableParallelism())): Promise<{ readability: Map<string, string>; defuddle: Map<string, string> }> {
  const file = fileURLToPath(import.meta.url);
  const res = { readability: new Map<string, string>(), defuddle: new Map<string, string>() };
  const caches = { readability: peerCache('readability'), defuddle: peerCache('defuddle') };
  const hashes = new Map(pages.map((p) => [p.id, pageHash(p)]));
  const limit = pLimit(threads);
  const byPeer: Record<'readability' | 'defuddle', PeerTask[]> = { readability: [], defuddle: [] };
  for (const peer of ['readability', 'defuddle'] as const) {
    const todo: Page[] = [];
    for (const p of pages) {
      const hit = caches[peer].map.get(hashes.get(p.id)!);
      if (hit !== undefined) res[peer].set(p.id, hit);
      else todo.push(p);
    }
    const size = Math.ceil(todo.length / threads);
    for (let i = 0; i < todo.length; i += size) byPeer[peer].push({ peer, dir: DANIEL_DIR, ids: todo.slice(i, i + size).map((p) => p.id) });
  }
  const tasks: PeerTask[] = [];
  for (let i = 0; i < Math.max(byPeer.readability.length, byPeer.defuddle.length); i++) {
    if (byPeer.readability[i]) tasks.push(byPeer.readability[i]!);
    if (byPeer.defuddle[i]) tasks.push(byPeer.defuddle[i]!);
  }
  await Promise.all(
    tasks.map((task) =>
      limit(
        () =>
          new Promise<void>((resolve, reject) => {
            // A larger young generation: both peers allocate short-lived DOM objects fast (about 10% less time).
            const w = new Worker(file, { workerData: { qingxiChromePeer: task }, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
            w.once('message', (pairs: [string, string][]) => {
              for (const [id, text] of pairs) {
                res[task.peer].set(id, text);
                caches[task.peer].map.set(hashes.get(id)!, text);
              }
              void w.terminate().then(() => resolve());
            });
            w.once('error', reject);
            w.once('exit', (code) => (code === 0 || res[task.peer].has(task.ids[0]!) ? resolve() : reject(new Error(`${task.peer} worker exited with ${code}`))));
          }),
      ),
    ),
  );
  if (tasks.some((t) => t.peer === 'readability')) savePeerCache(caches.readability);
  if (tasks.some((t) => t.peer === 'defuddle')) savePeerCache(caches.defuddle);
  return res;
}

function scoreAll(pages: Page[], outputs: Map<string, string | QingxiOutput>, generic = false): { agg: Scores; per: Map<string, Scores> } {
  const per = new Map<string, Scores>();
  for (const p of pages) {
    const o = outputs.get(p.id) ?? '';
    if (typeof o === 'string') per.set(p.id, scorePage(o, p.reference));
    else per.set(p.id, scorePage(o.text, p.reference, generic ? undefined : converterOf(o.converter)));
  }
  return { agg: aggregate([...per.values()]), per };
}

const prf = (s: Scores) => `F ${fmt(s.f)} (P ${fmt(s.p)}, R ${fmt(s.r)})`;
const vals = (s: Scores) => ({ p: s.p, r: s.r, f: s.f });

export interface ChromeEvalResult {
  pages: number;
  html: Scores;
  text: Scores;
  /** qingxi's outputs against references converted with the generic converter (not the page's own). */
  htmlGeneric: Scores;
  textGeneric: Scores;
  readability: Scores;
  defuddle: Scores;
  wholePage: Scores;
  /** The page source with its tags stripped (script and style text included). */
  rawPage: Scores;
  perPage: Record<string, { html: Scores; text: Scores; readability: Scores; defuddle: Scores }>;
  workDir: string;
}

/** Every system over the pages; the working folder is removed unless `keep`. */
export async function evaluateChrome(opts: { limit?: number; keep?: boolean; skipPeers?: boolean; log?: (s: string) => void } = {}): Promise<ChromeEvalResult> {
  const log = opts.log ?? ((s: string) => process.stderr.write(`eval: chrome: ${s}\n`));
  const t0 = performance.now();
  const secs = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
  const pages = await loadPages(DANIEL_DIR, opts.limit);
  // Everything runs at once: the peers on their worker threads (they need only the data set, and start first: they
  // take longest) and qingxi's two runs in child processes (the text run starts once the dumps are written, which
  // happens while qingxi cleans the HTML). A qingxi run leaves a core idle much of the time (start-up,
  // single-threaded phases); the others fill it.
  const noPeers = { readability: new Map<string, string>(), defuddle: new Map<string, string>() };
  const peersRun = opts.skipPeers
    ? Promise.resolve(noPeers)
    : runPeers(pages).then((r) => {
        log(`Readability and defuddle done (${secs()})`);
        return r;
      });
  // Should qingxi fail first, the peers' outcome is not waited for: keep their rejection from going unhandled.
  peersRun.catch(() => undefined);
  const work = await mkdtemp(path.join(os.tmpdir(), 'qingxi-chrome-eval-'));
  try {
    const qingxiRuns = (async () => {
      await writeHtmlInputs(pages, work);
      log(`${pages.length} pages written to ${work} (${secs()})`);
      const html = runQingxi(path.join(work, 'html'), path.join(work, 'out-html'), pages).then((r) => {
        log(`qingxi on HTML done (${secs()})`);
        return r;
      });
      // A failure of the HTML run while the dumps are written is reported by Promise.all below.
      html.catch(() => undefined);
      const dumps = await writeTextInputs(pages, work);
      log(`${pages.length} text dumps written (${secs()})`);
      const text = runQingxi(path.join(work, 'text'), path.join(work, 'out-text'), pages).then((r) => {
        log(`qingxi on text dumps done (${secs()})`);
        return r;
      });
      const [htmlOut, textOut] = await Promise.all([html, text]);
      return { htmlOut, textOut, dumps };
    })();
    const [peers, { htmlOut, textOut, dumps }] = await Promise.all([peersRun, qingxiRuns]);
    const rd = peers.readability;
    const df = peers.defuddle;
    const h = scoreAll(pages, htmlOut);
    const t = scoreAll(pages, textOut);
    // The same outputs against references converted with the generic converter only, for comparison.
    const hg = scoreAll(pages, htmlOut, true).agg;
    const tg = scoreAll(pages, textOut, true).agg;
    const r = scoreAll(pages, rd);
    const d = scoreAll(pages, df);
    const w = scoreAll(pages, dumps);
    const raw = scoreAll(pages, new Map(pages.map((p) => [p.id, p.html.replace(/<[^>]*>/g, ' ')])));
    const perPage: ChromeEvalResult['perPage'] = {};
    for (const p of pages) perPage[p.id] = { html: h.per.get(p.id)!, text: t.per.get(p.id)!, readability: r.per.get(p.id)!, defuddle: d.per.get(p.id)! };
    return { pages: pages.length, html: h.agg, text: t.agg, htmlGeneric: hg, textGeneric: tg, readability: r.agg, defuddle: d.agg, wholePage: w.agg, rawPage: raw.agg, perPage, workDir: work };
  } finally {
    if (!opts.keep) await rm(work, { recursive: true, force: true });
  }
}

/** The pages where qingxi scores lowest (F), for the report's details. */
function worst(res: ChromeEvalResult, which: 'html' | 'text', n = 15): string[] {
  return Object.entries(res.perPage)
    .sort(([, a], [, b]) => a[which].f - b[which].f)
    .slice(0, n)
    .map(([id, s]) => `${id}: F ${fmt(s[which].f)} P ${fmt(s[which].p)} R ${fmt(s[which].r)} (Readability F ${fmt(s.readability.f)})`);
}

export const chromeSection: EvalSection = {
  name: 'chrome',
  background: true,
  run: async () => {
    const absent = missing('daniel-zh/ids_zh.txt', 'daniel-zh/html', 'daniel-zh/reference');
    if (absent) return { skipped: absent };
    const res = await evaluateChrome();
    const data = `DAnIEL zh, ${res.pages} news pages`;
    const peers = `Readability ${prf(res.readability)}; defuddle ${prf(res.defuddle)}`;
    const best = Math.max(res.readability.f, res.defuddle.f);
    const rows: EvalRow[] = [
      {
        measure: 'main text from HTML: char-bigram F (mean P, mean R)',
        data,
        qingxi: prf(res.html),
        peer: peers,
        target: 'F ≥ 0.94, above both peers',
        pass: res.html.f >= 0.94 && res.html.f > best,
        values: { ...vals(res.html), readabilityF: res.readability.f, defuddleF: res.defuddle.f, genericRefF: res.htmlGeneric.f, genericRefR: res.htmlGeneric.r },
        details: worst(res, 'html'),
      },
      {
        measure: 'main text from plain-text dumps: char-bigram F (mean P, mean R)',
        data,
        qingxi: prf(res.text),
        peer: `(peers need HTML); whole page text ${prf(res.wholePage)}`,
        target: 'F ≥ 0.90, R ≥ 0.97',
        pass: res.text.f >= 0.9 && res.text.r >= 0.97,
        values: { ...vals(res.text), wholePageF: res.wholePage.f, genericRefF: res.textGeneric.f, genericRefR: res.textGeneric.r },
        details: worst(res, 'text'),
      },
      { measure: 'Mozilla Readability 0.6 (jsdom), HTML', data, qingxi: '', peer: prf(res.readability), target: '', values: vals(res.readability) },
      { measure: 'defuddle 0.19 (linkedom), HTML', data, qingxi: '', peer: prf(res.defuddle), target: '', values: vals(res.defuddle) },
      { measure: 'whole page text (innerText-like), no cleaning', data, qingxi: '', peer: prf(res.wholePage), target: '', values: vals(res.wholePage) },
      { measure: 'whole page source, tags stripped (scripts included)', data, qingxi: '', peer: prf(res.rawPage), target: '', values: vals(res.rawPage) },
    ];
    return rows;
  },
};
