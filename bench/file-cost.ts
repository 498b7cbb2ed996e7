import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What creating one small file costs in a folder's file system, the way qingxi writes its outputs and its store
 * (src/io/atomic.ts: a temporary file, then a rename over the target), in sixteen subfolders: CPU time of this
 * process (user + system, µs) and wall time per file. The bench prints it for the folder its runs write to, and
 * for tmpfs, next to the number of files a run creates: on some disks file creation, not qingxi's own work, is a
 * large part of a run's CPU time.
 */
export function fileCreateCost(parent: string, files = 600, bytes = 2048): { cpuUs: number; wallUs: number } {
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
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Files (not folders) under `dir`, counted. */
export function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
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
