import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import '../src/stages/context.js';
import type { SourceDoc } from '../src/types.js';

/** The repository root (where package.json and bin/qingxi.js are). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'bin', 'qingxi.js');
export const SAMPLE_CORPUS = path.join(ROOT, 'corpus');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (`node bin/qingxi.js ...args`) and collect its exit code and output. Never a TTY. */
export function runCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const temps: string[] = [];

/** A new empty temporary folder, removed by `removeTemps()`. */
export function tempDir(prefix = 'qingxi-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A temporary corpus folder holding `files` (path under the folder -> text or bytes). */
export function tempCorpus(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir('qingxi-corpus-');
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

/** Remove every folder made by tempDir/tempCorpus in this test file (call from afterAll). */
export function removeTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Every file under `dir`, recursively: path under `dir` (forward slashes) -> bytes, sorted by path. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  return new Map(files.map((f) => [f, readFileSync(path.join(dir, f))]));
}

/** Bytes from a hex string (test data written at authoring time with Python's codecs). */
export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}

/** Parse a JSON file. */
export function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** A SourceDoc for unit tests of parsers and stages. */
export function sourceDoc(content: string, opts: Partial<SourceDoc> = {}): SourceDoc {
  const format = opts.format ?? 'txt';
  return {
    id: 'test',
    path: `test.${format}`,
    format,
    encoding: 'utf-8',
    content,
    html: format === 'html',
    meta: {},
    warnings: [],
    ...opts,
  };
}

/** A vfile carrying the article data the stages expect (what src/pipeline/article.ts sets up). */
export function articleFile(doc: SourceDoc): VFile {
  const file = new VFile({ path: doc.path, value: doc.content });
  file.data.article = {
    source: doc,
    meta: { script: 'none', region: 'cn', converter: 'none', contentHash: '' },
    removed: [],
    stageMs: {},
    linesIn: 0,
  };
  return file;
}
