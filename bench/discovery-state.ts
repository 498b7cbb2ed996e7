/**
 * Times term discovery's saved state as an incremental run uses it: load jieba's background and the discovery
 * state of a store, discover (twice: the first call is what a run pays), save again. Prints milliseconds of CPU
 * time of the process (less noisy than wall time on a shared machine).
 *
 *   node dist/bench/discovery-state.js <output folder of a run>/.qingxi
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { loadBackground } from '../src/glossary/background.js';
import { TermDiscovery } from '../src/glossary/discovery.js';
import { loadGlossaryOptions } from '../src/glossary/index.js';
import { PACKAGE_ROOT } from '../src/version.js';

const store = process.argv[2];
if (!store) {
  console.error('usage: node dist/bench/discovery-state.js <out>/.qingxi');
  process.exit(2);
}
const only = (dir: string) => {
  const files = readdirSync(path.join(store, dir)).filter((f) => f.endsWith('.bin'));
  if (files.length !== 1) throw new Error(`${dir}: expected one saved file, found ${files.length}`);
  return path.join(store, dir, files[0]!);
};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const opts = await loadGlossaryOptions(loadConfig(path.join(PACKAGE_ROOT, 'pipeline')));
const r: Record<string, number> = {};
let t = cpu();
const { bg } = loadBackground(only('background'));
r.background = cpu() - t;
t = cpu();
const buf = readFileSync(only('discovery'));
r.read = cpu() - t;
t = cpu();
const d = TermDiscovery.fromBuffer(buf, opts, bg);
r.fromBuffer = cpu() - t;
t = cpu();
const terms = d.discover();
r.discover = cpu() - t;
t = cpu();
d.discover();
r.discoverAgain = cpu() - t;
t = cpu();
const saved = d.toBuffer();
r.toBuffer = cpu() - t;
console.log(JSON.stringify({ ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)])), bytes: saved.length, grams: d.size, terms: terms.length }));
