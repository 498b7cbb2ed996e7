/**
 * Memory and load time of the segmenter's dictionaries in one thread (one worker):
 *   node dist/bench/dict-memory.js default|textrank|qingxi
 * `default`: nodejieba.load() with its defaults (dictionary, HMM, IDF table, stop words). `textrank`: the same and
 * a first textRankExtract(), which builds the TextRank extractor and its second copy of the dictionary trie: what
 * load() alone cost before qingxi's patch to nodejieba (patches/), which builds it on first use. `qingxi`: what
 * qingxi's Segmenter loads (Segmenter.warm()).
 * Prints JSON: RSS before and after, and the load time.
 */
import nodejieba from 'nodejieba';
import { Segmenter } from '../src/text/segment.js';

const mode = process.argv[2] ?? 'qingxi';
const mb = () => process.memoryUsage().rss / 1048576;
const before = mb();
const t0 = performance.now();
if (mode === 'default') nodejieba.load();
else if (mode === 'textrank') {
  nodejieba.load();
  nodejieba.textRankExtract('南京市长江大桥', 1);
} else new Segmenter([]).warm();
const loadMs = performance.now() - t0;
const after = mb();
process.stdout.write(`${JSON.stringify({ mode, rssBeforeMb: before, rssAfterMb: after, deltaMb: after - before, loadMs })}\n`);
