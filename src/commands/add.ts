import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Store } from '../cache/store.js';
import { DedupIndex, fingerprint, type Fingerprint } from '../dedup/index.js';
import { writeFileAtomic } from '../io/atomic.js';
import { decode, DecodeError } from '../io/decode.js';
import { formatOf, isSidecar } from '../io/discover.js';
import type { SourceFormat } from '../types.js';

export interface AddOptions {
  /** Files, folders (read recursively) and .jsonl files (one article per record). */
  inputs: string[];
  corpus: string;
  /** Output folder whose store keeps the duplicate index. */
  out: string;
  url?: string;
  source?: string;
  /** Add near duplicates anyway (exact duplicates are always refused). */
  force?: boolean;
  /** Time recorded as `added` (default: now). */
  now?: Date;
}

export type AddStatus = 'added' | 'duplicate' | 'near-duplicate' | 'invalid';

export interface AddOutcome {
  /** The input: a path, or `file.jsonl:line`. */
  input: string;
  status: AddStatus;
  /** The new article's id (added). */
  id?: string;
  /** The article it duplicates or resembles. */
  match?: string;
  similarity?: number;
  /** Why it was refused, or a warning about an added article. */
  message?: string;
}

/** One article to add, read and checked. */
interface Item {
  input: string;
  bytes: Uint8Array;
  /** Decoded text (what the pipeline will read). */
  text: string;
  html: boolean;
  ext: string;
  meta: Record<string, unknown>;
  url?: string;
  fp?: Fingerprint;
}

const EXT: Record<SourceFormat, string> = { txt: '.txt', md: '.md', html: '.html', jsonl: '.jsonl' };

/** The folder an added article goes to: its URL's host, else `added`. */
function siteFolder(url: string | undefined): string {
  if (url) {
    try {
      const host = new URL(url).host.replace(/^www\./, '').toLowerCase();
      const safe = host.replace(/[^a-z0-9.-]/g, '_').replace(/^\.+/, '');
      if (safe) return safe;
    } catch {
      /* not a URL: fall through */
    }
  }
  return 'added';
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && !isSidecar(e.name)) out.push(p);
  }
  return out;
}

function invalid(input: string, message: string): AddOutcome {
  return { input, status: 'invalid', message };
}

/** Read one input file into items (a .jsonl file gives one per record), or the reason it is refused. */
async function readInput(file: string, opts: AddOptions, outcomes: AddOutcome[]): Promise<Item[]> {
  const format = formatOf(file);
  if (!format) {
    outcomes.push(invalid(file, 'is not a .txt, .text, .md, .markdown, .html, .htm, .xhtml or .jsonl file'));
    return [];
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    outcomes.push(invalid(file, `cannot be read: ${(e as Error).message}`));
    return [];
  }
  if (bytes.length === 0) {
    outcomes.push(invalid(file, 'is empty'));
    return [];
  }
  let text: string;
  try {
    const d = decode(bytes, { html: format === 'html' });
    if (d.via === 'lossy') {
      outcomes.push(invalid(file, `cannot be decoded (${d.warnings.join('; ') || 'invalid byte sequences'})`));
      return [];
    }
    text = d.text;
  } catch (e) {
    if (e instanceof DecodeError) {
      outcomes.push(invalid(file, e.message));
      return [];
    }
    throw e;
  }
  if (format !== 'jsonl') {
    return [{ input: file, bytes, text, html: format === 'html', ext: EXT[format], meta: {}, url: opts.url }];
  }
  const items: Item[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const input = `${file}:${i + 1}`;
    if (raw.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(raw);
    } catch (e) {
      outcomes.push(invalid(input, `is not valid JSON: ${(e as Error).message}`));
      return;
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
      outcomes.push(invalid(input, 'is not a JSON object'));
      return;
    }
    const r = rec as Record<string, unknown>;
    const html = typeof r.html === 'string';
    const body = html ? (r.html as string) : typeof r.text === 'string' ? r.text : undefined;
    if (body === undefined) {
      outcomes.push(invalid(input, 'has no "text" or "html" string'));
      return;
    }
    const meta: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === 'text' || k === 'html') continue;
      meta[k === 'id' ? 'originalId' : k] = v;
    }
    const url = typeof r.url === 'string' ? r.url : opts.url;
    items.push({ input, bytes: Buffer.from(body, 'utf8'), text: body, html, ext: html ? '.html' : '.txt', meta, url });
  });
  return items;
}

/** Write `data` to `file` only if no file is there (atomically: a temporary file, then a hard link). */
async function writeNew(file: string, data: Uint8Array): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, data);
  try {
    await link(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Add articles to a corpus folder: each under a stable id (`<site>/<first 16 hex of the normalised text's
 * sha256>`, the site being the URL's host or `added`), with its metadata in a sidecar `<file>.meta.json` (url,
 * source, time added, where it came from). Never overwrites an article. Refuses exact duplicates (the same
 * normalised text, whatever the script or punctuation) and near duplicates (estimated Jaccard of character
 * 5-grams at least 0.8; `force` adds those), naming the article matched, and invalid input (binary, empty,
 * undecodable) with the reason; a refused article leaves nothing behind.
 */
export async function addArticles(opts: AddOptions): Promise<AddOutcome[]> {
  const outcomes: AddOutcome[] = [];
  const items: Item[] = [];
  for (const input of opts.inputs) {
    if (!existsSync(input)) {
      outcomes.push(invalid(input, 'not found'));
      continue;
    }
    const files = statSync(input).isDirectory() ? await walk(input) : [input];
    if (files.length === 0) outcomes.push(invalid(input, 'holds no files'));
    for (const f of files) items.push(...(await readInput(f, opts, outcomes)));
  }
  for (const it of items) {
    if (it.text.trim() === '') continue;
    it.fp = fingerprint(it.text, it.html);
  }
  await mkdir(opts.corpus, { recursive: true });
  const store = new Store(opts.out);
  const index = await DedupIndex.load(store);
  await index.refresh(opts.corpus);
  const added = new Date(opts.now ?? Date.now()).toISOString();
  for (const it of items) {
    const fp = it.fp;
    if (!fp || fp.chars === 0) {
      outcomes.push(invalid(it.input, it.text.trim() === '' ? 'has no text (only whitespace)' : 'has no letters or digits'));
      continue;
    }
    const same = index.exactMatch(fp);
    if (same !== undefined) {
      outcomes.push({ input: it.input, status: 'duplicate', match: same, similarity: 1, message: `same text as article ${same}` });
      continue;
    }
    const near = index.nearest(fp);
    if (near && !opts.force) {
      outcomes.push({
        input: it.input,
        status: 'near-duplicate',
        match: near.id,
        similarity: near.similarity,
        message: `near duplicate of article ${near.id} (estimated Jaccard ${near.similarity.toFixed(2)}); --force adds it anyway`,
      });
      continue;
    }
    const id = `${siteFolder(it.url)}/${fp.exact.slice(0, 16)}`;
    const rel = `${id}${it.ext}`;
    const abs = path.join(opts.corpus, rel);
    if (existsSync(abs)) {
      outcomes.push({ input: it.input, status: 'duplicate', match: id, similarity: 1, message: `already in the corpus as ${rel}` });
      continue;
    }
    const meta: Record<string, unknown> = {
      ...it.meta,
      ...(it.url !== undefined ? { url: it.url } : {}),
      ...(opts.source !== undefined ? { source: opts.source } : {}),
      added,
      from: it.input.includes(path.sep) || it.input.includes('/') ? path.basename(it.input) : it.input,
    };
    // The sidecar first, then the article: an article never appears without its metadata. A sidecar without its
    // article (a killed add) is not an article and is replaced by the next add of that text.
    await writeFileAtomic(`${abs}.meta.json`, `${JSON.stringify(meta, null, 1)}\n`);
    if (!(await writeNew(abs, it.bytes))) {
      outcomes.push({ input: it.input, status: 'duplicate', match: id, similarity: 1, message: `already in the corpus as ${rel}` });
      continue;
    }
    await index.addFile(rel, abs, id, fp);
    outcomes.push({
      input: it.input,
      status: 'added',
      id,
      ...(near ? { match: near.id, similarity: near.similarity, message: `near duplicate of article ${near.id} (estimated Jaccard ${near.similarity.toFixed(2)}), added because of --force` } : {}),
    });
  }
  // Saved even when nothing was added: the files indexed now need not be read again.
  await index.save();
  return outcomes;
}

/**
 * `qingxi add <files | folders | .jsonl>... [--url U] [--source S] [--force]` (= `npm run add -- ...`). Prints one
 * line per input; exit code 0 when everything was added, 1 when something was refused.
 */
export function addCommand(): Command {
  return new Command('add')
    .description('add articles to the corpus: stable ids, metadata sidecars, duplicates refused')
    .argument('<inputs...>', 'article files, folders of them, or .jsonl files (one article per record)')
    .option('--corpus <dir>', 'corpus folder', 'corpus')
    .option('--out <dir>', 'output folder (its .qingxi/ keeps the duplicate index)', 'output')
    .option('--url <url>', 'URL the articles were scraped from')
    .option('--source <name>', 'source (site, crawl, data set) to record')
    .option('--force', 'add near duplicates anyway (exact duplicates are always refused)')
    .action(async (inputs: string[], o: { corpus: string; out: string; url?: string; source?: string; force?: boolean }) => {
      const outcomes = await addArticles({ inputs, corpus: o.corpus, out: o.out, url: o.url, source: o.source, force: o.force });
      const log = (l: string) => process.stderr.write(`${l}\n`);
      for (const r of outcomes) {
        if (r.status === 'added') log(`added ${r.input} as ${r.id}${r.message ? ` (warning: ${r.message})` : ''}`);
        else if (r.status === 'near-duplicate') log(`refused ${r.input}: ${r.message}`);
        else if (r.status === 'duplicate') log(`refused ${r.input}: exact duplicate, ${r.message}`);
        else log(`refused ${r.input}: ${r.message}`);
      }
      const n = outcomes.filter((r) => r.status === 'added').length;
      log(`qingxi add: ${n} added, ${outcomes.length - n} refused`);
      process.exitCode = n === outcomes.length ? 0 : 1;
    });
}
