import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { detectScript, fixedRegion, SAMPLE } from '../text/script.js';
import { articleData, type StageContext } from './context.js';
import { lines } from './tree.js';

/**
 * The article's lines joined by line breaks, as far as detection reads them (its first `SAMPLE` code units): the
 * lines after those are not joined for nothing.
 */
function sampleText(tree: Root): string {
  const parts: string[] = [];
  // The length of the parts joined, plus one.
  let joined = 0;
  for (const node of lines(tree)) {
    if (joined > SAMPLE) break;
    parts.push(node.data.line.text.text);
    joined += node.data.line.text.length + 1;
  }
  return parts.join('\n');
}

/**
 * Stage `script`: detect the article's script and region (or take the configured one) and record script,
 * region and the opencc-js converter in the article's metadata. The `convert` stage applies it per sentence.
 */
export default function script(ctx: StageContext) {
  const { region, phrases } = ctx.config.config.script;
  return (tree: Root, file: VFile) => {
    const data = articleData(file);
    const text = sampleText(tree);
    const url = typeof data.meta.url === 'string' ? data.meta.url : undefined;
    const d = detectScript(text, url, { phrases });
    data.meta.script = d.script;
    if (region === 'auto') {
      data.meta.region = d.region;
      data.meta.converter = d.from ? `${d.from}→cn` : 'none';
    } else {
      const from = fixedRegion(region, phrases);
      data.meta.region = region;
      data.meta.converter = from ? `${from}→cn` : 'none';
    }
  };
}
