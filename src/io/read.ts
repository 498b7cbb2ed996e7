import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isMainThread } from 'node:worker_threads';
import type { SourceDoc, SourceFormat } from '../types.js';
import { decode, DecodeError } from './decode.js';
import type { CorpusFile } from './discover.js';
import { unsafeIdReason } from './ids.js';

/** A problem that stops one article (or one JSONL record) from being processed. */
export interface ReadFailure {
  path: string;
  line?: number;
  id?: string;
  reason: string;
}

export interface ReadResult {
  docs: SourceDoc[];
  failures: ReadFailure[];
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

function idFromPath(rel: string): string {
  return rel.replace(/\.[^./]+$/, '');
}

/** Metadata kept beside an article by `qingxi add` (`<file>.meta.json`). */
function sidecarMeta(abs: string): Record<string, unknown> {
  const p = `${abs}.meta.json`;
  if (!existsSync(p)) return {};
  try {
    const v = JSON.parse(readFileSync(p, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Read one corpus file into its articles (one, or one per JSONL line). Never throws for bad content. */
export async function readCorpusFile(file: CorpusFile): Promise<ReadResult> {
  const failures: ReadFailure[] = [];
  if (!file.format) {
    return { docs: [], failures: [{ path: file.rel, reason: 'skipped: not a .txt, .html, .htm, .md or .jsonl file' }] };
  }
  let bytes: Buffer;
  try {
    // A worker thread reads synchronously: a corpus file is read once, mostly from the page cache, and a round trip
    // through libuv's pool would only let another held task start before this one has its text.
    bytes = isMainThread ? await readFile(file.abs) : readFileSync(file.abs);
  } catch (e) {
    return { docs: [], failures: [{ path: file.rel, reason: `cannot be read: ${(e as Error).message}` }] };
  }
  if (bytes.length === 0) return { docs: [], failures: [{ path: file.rel, reason: 'is empty' }] };
  let decoded;
  try {
    decoded = decode(bytes, { html: file.format === 'html' });
  } catch (e) {
    if (e instanceof DecodeError) return { docs: [], failures: [{ path: file.rel, reason: e.message }] };
    throw e;
  }
  const warnings = decoded.warnings.map((w) => `${file.rel}: ${w}`);
  if (file.format !== 'jsonl') {
    const id = idFromPath(file.rel);
    const bad = unsafeIdReason(id);
    if (bad) return { docs: [], failures: [{ path: file.rel, id, reason: `id ${JSON.stringify(id)} ${bad}` }] };
    if (decoded.text.trim().length === 0) return { docs: [], failures: [{ path: file.rel, reason: 'has no text (only whitespace)' }] };
    return {
      docs: [
        {
          id,
          path: file.rel,
          format: file.format,
          encoding: decoded.encoding,
          content: decoded.text,
          html: file.format === 'html',
          meta: sidecarMeta(file.abs),
          warnings,
        },
      ],
      failures,
    };
  }
  return readJsonl(file.rel, decoded.text, decoded.encoding, warnings);
}

function readJsonl(rel: string, text: string, encoding: string, warnings: string[]): ReadResult {
  const docs: SourceDoc[] = [];
  const failures: ReadFailure[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  const base = idFromPath(rel);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(raw);
    } catch (e) {
      failures.push({ path: rel, line, reason: `line ${line} is not valid JSON: ${(e as Error).message}` });
      return;
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
      failures.push({ path: rel, line, reason: `line ${line} is not a JSON object` });
      return;
    }
    const r = rec as Record<string, unknown>;
    const body = typeof r.html === 'string' ? r.html : typeof r.text === 'string' ? r.text : undefined;
    if (body === undefined || body.trim() === '') {
      failures.push({ path: rel, line, reason: `line ${line} has no "text" or "html" string` });
      return;
    }
    if (r.id !== undefined && r.id !== null && typeof r.id !== 'string' && !(typeof r.id === 'number' && Number.isFinite(r.id))) {
      failures.push({ path: rel, line, reason: `line ${line}: "id" must be a string or a number, not ${JSON.stringify(r.id)}` });
      return;
    }
    const id = r.id !== undefined && r.id !== null && String(r.id) !== '' ? String(r.id) : `${base}:${line}`;
    const bad = unsafeIdReason(id);
    if (bad) {
      failures.push({ path: rel, line, id, reason: `line ${line}: id ${JSON.stringify(id)} ${bad}` });
      return;
    }
    if (seen.has(id)) {
      failures.push({ path: rel, line, id, reason: `line ${line}: id ${JSON.stringify(id)} appears twice in this file` });
      return;
    }
    seen.add(id);
    const meta: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (k !== 'text' && k !== 'html' && k !== 'id') meta[k] = v;
    const format: SourceFormat = 'jsonl';
    docs.push({ id, path: rel, format, line, encoding, content: body, html: typeof r.html === 'string', meta, warnings: [...warnings] });
  });
  if (docs.length === 0 && failures.length === 0) failures.push({ path: rel, reason: 'has no records (only blank lines)' });
  return { docs, failures };
}
