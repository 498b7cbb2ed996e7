/** Running a bench's child processes: wall time, CPU time and peak RSS. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/version.js';

/** GNU time, for a child's peak RSS and CPU time, when the machine has it. */
export const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export interface ChildResult {
  code: number | null;
  wallMs: number;
  /** Peak resident set size of the child (all its threads), MB. */
  peakRssMb: number | undefined;
  /** CPU time (user + system) of the child and the children it waited for, ms (from /usr/bin/time). */
  cpuMs: number | undefined;
  stdout: string;
  stderr: string;
}

/** Peak RSS of a running process, from /proc (VmHWM is the high-water mark). */
function vmHwmMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Run a command, timing its wall clock and measuring its peak RSS. */
export function runChild(cmd: string, args: string[], opts: { cwd?: string; shell?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const rssFile = TIME ? path.join(os.tmpdir(), `qingxi-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`) : undefined;
    const [c, a] = TIME && rssFile ? [TIME, ['-f', '%M %U %S', '-o', rssFile, cmd, ...args]] : [cmd, args];
    const t0 = performance.now();
    const child = spawn(c, a, { cwd: opts.cwd ?? PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env ? { env: opts.env } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let sampled: number | undefined;
    const timer = rssFile
      ? undefined
      : setInterval(() => {
          const v = child.pid !== undefined ? vmHwmMb(child.pid) : undefined;
          if (v !== undefined) sampled = Math.max(sampled ?? 0, v);
        }, 25);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      if (timer) clearInterval(timer);
      let peakRssMb = sampled;
      let cpuMs: number | undefined;
      if (rssFile && existsSync(rssFile)) {
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        const [kb, user, sys] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
        if (Number.isFinite(kb)) peakRssMb = kb! / 1024;
        if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user! + sys!) * 1000;
        rmSync(rssFile, { force: true });
      }
      resolve({ code, wallMs, peakRssMb, cpuMs, stdout, stderr });
    });
  });
}
