import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { detectScript, fixedRegion } from '../text/script.js';
import { articleData, type StageContext } from './context.js';
import { lines } from './tree.js';

/**
 * Stage `script`: detect the article's script and region (or take the configured one) and record script,
 * region and the opencc-js converter in the article's metadata. The `convert` stage applies it per sentence.
 */
export default function script(ctx: StageContext) {
  const { region, phrases } = ctx.config.config.script;
  return (tree: Root, file: VFile) => {
    const data = articleData(file);
    const text = lines(tree).map((n) => n.data.line.text.text).join('\n');
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
