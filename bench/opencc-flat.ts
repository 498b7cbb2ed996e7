/**
 * The flat converters (src/text/opencc-flat.ts) against opencc-js on a text file: the same output on every line,
 * on runs of lines (~2,000 characters, as script detection converts them) and on the whole text, and the
 * throughput of both (CPU time, median of 5), per conversion qingxi runs.
 *   node dist/bench/opencc-flat.js <text file>
 * Prints one line per conversion; exits 1 if any output differs.
 */
import { readFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
import { CONVERSIONS } from '../src/text/convert.js';
import { flatConverter } from '../src/text/opencc-flat.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node dist/bench/opencc-flat.js <text file>\n');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const lines = text.split('\n');
const runs: string[] = [];
let run: string[] = [];
let runLength = 0;
for (const line of lines) {
  run.push(line);
  runLength += line.length + 1;
  if (runLength > 2000) {
    runs.push(run.join('\n'));
    run = [];
    runLength = 0;
  }
}
if (run.length > 0) runs.push(run.join('\n'));

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let failed = false;
for (const [from, to, name] of CONVERSIONS) {
  const slow = OpenCC.Converter({ from, to });
  const fast = flatConverter(name, () => slow);
  if (!fast) {
    process.stdout.write(`${name}: no flat converter (configuration not read)\n`);
    failed = true;
    continue;
  }
  let lineDiffs = 0;
  for (const l of lines) if (fast(l) !== slow(l)) lineDiffs++;
  let runDiffs = 0;
  for (const r of runs) if (fast(r) !== slow(r)) runDiffs++;
  const wholeSame = fast(text) === slow(text);
  if (lineDiffs > 0 || runDiffs > 0 || !wholeSame) failed = true;
  const time = (f: (s: string) => string) => {
    const t = cpuMs();
    for (const r of runs) f(r);
    return cpuMs() - t;
  };
  const slowMs: number[] = [];
  const fastMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    slowMs.push(time(slow));
    fastMs.push(time(fast));
  }
  const rate = (ms: number) => (text.length / ms / 1000).toFixed(1);
  process.stdout.write(
    `${name}: lines differing ${lineDiffs}/${lines.length}, runs differing ${runDiffs}/${runs.length}, whole text ` +
      `${wholeSame ? 'same' : 'DIFFERS'}; opencc-js ${rate(median(slowMs))} M chars/s, flat ` +
      `${rate(median(fastMs))} M chars/s\n`,
  );
}
process.exit(failed ? 1 : 0);
