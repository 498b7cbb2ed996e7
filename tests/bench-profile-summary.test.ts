import { describe, expect, it } from 'vitest';
import { categorise, type Profile } from '../bench/profile-summary.js';

const frame = (functionName: string, url = '') => ({ functionName, url, scriptId: '0', lineNumber: 0, columnNumber: 0 });

/** A profile of one root and the given call paths (root first), one sample of 1 ms at the leaf of each. */
function profileOf(paths: [string, string][][]): Profile {
  const nodes: Profile['nodes'] = [{ id: 1, callFrame: frame('(root)'), children: [] }];
  const samples: number[] = [];
  for (const path of paths) {
    let parent = nodes[0]!;
    for (const [fn, url] of path) {
      const node = { id: nodes.length + 1, callFrame: frame(fn, url), children: [] as number[] };
      nodes.push(node);
      parent.children!.push(node.id);
      parent = node;
    }
    samples.push(parent.id);
  }
  return { nodes, samples, timeDeltas: samples.map(() => 1000), startTime: 0, endTime: samples.length * 1000 } as Profile;
}

const M = 'file:///repo/node_modules/';
const D = 'file:///repo/dist/src/';

describe('bench/profile-summary categorise', () => {
  it("charges a sample to the nearest file a category claims, libraries' own files included", () => {
    const p = profileOf([
      [['parseInRuns', `${D}stages/parse5-runs.js`], ['_callState', `${M}parse5/dist/tokenizer/index.js`]],
      [['detectScript', `${D}text/script.js`], ['convert', `${D}text/opencc-flat.js`]],
      [['walk', `${D}stages/html-blocks.js`], ['text', `${D}text/collapsed.js`]],
      [['readCorpusFile', `${D}io/read.js`], ['readFileSync', 'node:fs'], ['open', '']],
      [['writeBuffer', '']],
      [['someHelper', `${D}somewhere/else.js`]],
    ]);
    expect(Object.fromEntries(categorise(p))).toEqual({
      'parse (HTML, text lines)': 2,
      'normalise (punctuation, script, convert)': 1,
      decode: 1,
      'write article files': 1,
      other: 1,
    });
  });
});
