import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What creating one small file costs in a folder's file system, the way qingxi writes its outputs and its store
 * (src/io/atomic.ts: a temporary file, then a rename over the target), in sixteen subfolders: CPU time of this
 * process (user + system, µs) and wall time per file. The bench prints it for the folder its runs write to, and
 * for tmpfs, next to the number of files a run creates: on some disks file creation, not qingxi's own work, is a
 * large part of a run's CPU time.
 *
 * `remove` false leaves the files where they are (the bench removes its whole folder at its end): on ext4 without
 * a journal, the kernel passes over the inodes freed in the last minutes when it allocates new ones, checking each,
 * so files removed just before a run make that run's files dearer to create (see `keepsRoom`).
 */
export function fileCreateCost(parent: string, files = 600, bytes = 2048, remove = true): { cpuUs: number; wallUs: number } {
  const dir = mkdtempSync(path.join(parent, 'file-cost-'));
  try {
    for (let d = 0; d < 16; d++) mkdirSync(path.join(dir, String(d)));
    const data = Buffer.alloc(bytes, 0x61);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < files; i++) {
      const target = path.join(dir, String(i % 16), `f${i}.json`);
      const tmp = `${target}.tmp`;
      writeFileSync(tmp, data);
      renameSync(tmp, target);
    }
    const wallUs = ((performance.now() - t0) * 1000) / files;
    const cpu = process.cpuUsage(cpu0);
    return { cpuUs: (cpu.user + cpu.system) / files, wallUs };
  } finally {
    if (remove) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Whether the file system of `dir` has room to keep a run's output of `bytes` until the bench ends: at least
 * `reserve` bytes (2 GiB) and four more such outputs left free. The bench keeps its disk runs' outputs rather
 * than remove each before the next run: on ext4 without a journal (the development machine's disk), the kernel's
 * inode allocator checks and passes over every inode freed within the last 60 s (360 s while its inode table block
 * is not yet written back; `recently_deleted` in fs/ext4/ialloc.c), so after a run's 4,000 files were removed, each
 * file the next run created cost up to 1 ms of kernel CPU instead of 0.05.
 */
export function keepsRoom(dir: string, bytes: number, reserve = 2 ** 31): boolean {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize >= reserve + 4 * bytes;
  } catch {
    return false;
  }
}

/** The files (not folders) under `dir`: how many, and their bytes. */
export function filesUnder(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(path.join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

/** The file system type of the mount `p` is on, from /proc/mounts' text: the longest mount point that contains it. */
export function fileSystemOf(p: string, mounts: string): string | undefined {
  let best: [string, string] | undefined;
  for (const line of mounts.split('\n')) {
    const f = line.split(' ');
    if (f.length < 3) continue;
    // /proc/mounts escapes spaces and the like in mount points as octal (\040).
    const point = f[1]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const inside = p === point || p.startsWith(point.endsWith('/') ? point : `${point}/`);
    if (inside && (!best || point.length >= best[0].length)) best = [point, f[2]!];
  }
  return best?.[1];
}

/**
 * A tmpfs folder to compare with (`/dev/shm`), when there is one, it is writable, and `than` (the folder the runs
 * write to) is not on tmpfs itself; else undefined.
 */
export function tmpfsBeside(than: string): string | undefined {
  let mounts: string;
  try {
    mounts = readFileSync('/proc/mounts', 'utf8');
  } catch {
    return undefined;
  }
  if (fileSystemOf(path.resolve(than), mounts) === 'tmpfs' || fileSystemOf('/dev/shm', mounts) !== 'tmpfs') return undefined;
  try {
    rmSync(mkdtempSync('/dev/shm/qingxi-bench-probe-'), { recursive: true });
    return '/dev/shm';
  } catch {
    return undefined;
  }
}
