/**
 * Memory of the segmenter's dictionaries in one thread (one worker):
 *   node dist/bench/dict-memory.js default|qingxi
 * `default`: nodejieba.load() with its defaults (dictionary, HMM, IDF table, stop words; cppjieba then builds the
 * dictionary trie a second time for the TextRank extractor). `qingxi`: what qingxi's Segmenter loads.
 * Prints JSON: RSS before and after, and the load time.
 */
import nodejieba from 'nodejieba';
import { Segmenter } from '../src/text/segment.js';

const mode = process.argv[2] ?? 'qingxi';
const mb = () => process.memoryUsage().rss / 1048576;
const before = mb();
const t0 = performance.now();
if (mode === 'default') nodejieba.load();
else new Segmenter([]).cut('南京市长江大桥');
const loadMs = performance.now() - t0;
const after = mb();
process.stdout.write(`${JSON.stringify({ mode, rssBeforeMb: before, rssAfterMb: after, deltaMb: after - before, loadMs })}\n`);
