import { readFileSync } from 'node:fs';
import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { dataFile } from '../config/load.js';
import { articleData, type StageContext } from './context.js';
import { converterOf } from './convert.js';
import { lines } from './tree.js';

interface LexiconRule {
  id: string;
  exact: string[];
  regex: string[];
}

interface Lexicon {
  rules: { id: string; exact: Set<string>; regex: RegExp[] }[];
}

const lexicons = new Map<string, Lexicon>();

export function loadLexicon(file: string): Lexicon {
  let lex = lexicons.get(file);
  if (!lex) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { rules: LexiconRule[] };
    lex = {
      rules: raw.rules.map((r) => ({ id: r.id, exact: new Set(r.exact), regex: r.regex.map((x) => new RegExp(x, 'u')) })),
    };
    lexicons.set(file, lex);
  }
  return lex;
}

/** Stage `chrome`: page chrome removed, each removed line recorded with the rule that removed it. */
export default function chrome(ctx: StageContext) {
  const lex = loadLexicon(dataFile(ctx.config, ctx.config.config.chrome.lexicon));
  return (tree: Root, file: VFile) => {
    const data = articleData(file);
    const conv = converterOf(data.meta.converter);
    const keep = new Set(tree.children);
    for (const node of lines(tree)) {
      const simp = conv(node.data.line.text.text);
      const rule = lex.rules.find((r) => r.exact.has(simp) || r.regex.some((re) => re.test(simp)));
      if (rule) {
        keep.delete(node);
        const span = node.data.line.text.sourceSpan();
        data.removed.push({ ...span, text: node.data.line.text.text, rule: `lexicon:${rule.id}` });
      }
    }
    tree.children = tree.children.filter((n) => keep.has(n));
  };
}
