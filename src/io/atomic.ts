import { randomBytes } from 'node:crypto';
import fs, { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { threadId } from 'node:worker_threads';

// The callback API, promisified: `fs/promises` writes through a FileHandle (an object, a promise per call, a close
// with its own promise), 30-40 µs more CPU per file on the thread that writes (3,000 files of 4 KB on tmpfs, with
// 32 in flight: 56-67 µs against 92-95 µs per file, process CPU). A run writes seven files per article.
const writeFile = promisify(fs.writeFile);
const rename = promisify(fs.rename);

/** Unique per process and thread; a counter makes each temporary name unique within it. */
const prefix = `${process.pid}.${threadId}.${randomBytes(3).toString('hex')}`;
let counter = 0;

function tmpName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${prefix}.${(counter++).toString(36)}.tmp`);
}

/**
 * Folders are created only when a write finds its folder missing: a run writes thousands of files into folders
 * that mostly exist already (or that another thread has just made), and a `mkdir -p` before every file was a
 * measurable share of the write time.
 */
function isMissingDir(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Write a file atomically: a temporary file in the same folder, then a rename over the target.
 *
 * Asynchronous in every thread (libuv's thread pool does the calls). A worker thread holds several tasks (run.ts
 * TASKS_PER_THREAD), so while the files of one article are being created it can compute the next: on the
 * development machine's disk, where creating a file costs 0.3-2 ms of waiting, synchronous writes were 40% of a
 * worker's CPU profile (12-15% since). The wall time gain is within that disk's noise: one alternating series over
 * the bench corpus, 4 pairs, gave 1 worker 15.1-16.9 s -> 14.6-15.1 s and 2 workers 12.9-14.0 s -> 11.9-13.4 s; a
 * later one, of all of that session's changes against the build before them, showed no difference.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = tmpName(file);
  try {
    try {
      await writeFile(tmp, data);
    } catch (e) {
      if (!isMissingDir(e)) throw e;
      await mkdir(dir, { recursive: true });
      await writeFile(tmp, data);
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** The size of the blocks writeChunksAtomicSync writes. */
const BLOCK = 1 << 20;

/**
 * Write a large file atomically, synchronously, in chunks: `produce` hands its chunks to `write`, which gathers
 * them into blocks of BLOCK bytes; the target appears only when the file is complete. (Synchronous: the writer is a
 * worker thread with nothing else to do meanwhile, and a stream's promise per chunk cost more than the copying.)
 */
export function writeChunksAtomicSync(file: string, produce: (write: (chunk: string | Uint8Array) => void) => void): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tmpName(file);
  const fd = openSync(tmp, 'w');
  const block = Buffer.allocUnsafe(BLOCK);
  let used = 0;
  const flush = () => {
    let off = 0;
    while (off < used) off += writeSync(fd, block, off, used - off);
    used = 0;
  };
  const write = (chunk: string | Uint8Array) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (used + bytes.length > block.length) flush();
    if (bytes.length > block.length) {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      return;
    }
    block.set(bytes, used);
    used += bytes.length;
  };
  try {
    try {
      produce(write);
      flush();
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
