/**
 * The practical ceiling: nodejieba's `cut` alone (HMM on, as qingxi uses it) over a text file, line by line.
 *   node dist/bench/jieba-cut.js <text file>
 * Prints JSON: load and cut times, characters, tokens.
 */
import { readFileSync } from 'node:fs';
import nodejieba from 'nodejieba';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node dist/bench/jieba-cut.js <text file>\n');
  process.exit(2);
}
const t0 = performance.now();
nodejieba.load();
const loadMs = performance.now() - t0;
const text = readFileSync(file, 'utf8');
const t1 = performance.now();
let tokens = 0;
for (const line of text.split('\n')) if (line.trim()) tokens += nodejieba.cut(line, true).length;
const cutMs = performance.now() - t1;
process.stdout.write(`${JSON.stringify({ loadMs, cutMs, chars: text.length, tokens })}\n`);
