import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { isMainThread, threadId } from 'node:worker_threads';

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

function writeSync(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = tmpName(file);
  try {
    try {
      writeFileSync(tmp, data);
    } catch (e) {
      if (!isMissingDir(e)) throw e;
      mkdirSync(dir, { recursive: true });
      writeFileSync(tmp, data);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

async function writeAsync(file: string, data: string | Uint8Array): Promise<void> {
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

/**
 * Write a file atomically: a temporary file in the same folder, then a rename over the target.
 *
 * In a worker thread the file is written with synchronous calls: a worker runs one task at a time, so waiting for
 * the thread pool only leaves it idle, and for the small files of one article the synchronous calls are cheaper.
 * On the main thread, which serves the pool, the writes stay asynchronous.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  if (isMainThread) return writeAsync(file, data);
  writeSync(file, data);
}

/**
 * Stream a large file atomically: `produce` writes chunks through `write`; the target appears only when it is
 * complete.
 */
export async function streamFileAtomic(file: string, produce: (write: (chunk: string) => Promise<void>) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = tmpName(file);
  const out = createWriteStream(tmp);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    await produce(write);
    out.end();
    await once(out, 'finish');
    await rename(tmp, file);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
