import type { ArticleRecord } from '../types.js';
import type { TermEvidence } from './types.js';

const HAN_RUN = /[\u4e00-\u9fff]+$/;
const PAIR_ZH_EN = /([\u4e00-\u9fff]{2,})[（(]([A-Za-z][A-Za-z0-9 .&'’/-]{0,60}?)[）)]/g;
const PAIR_EN_ZH = /([A-Za-z][A-Za-z0-9.&'’/-]*(?: [A-Za-z0-9][A-Za-z0-9.&'’/-]*){0,5})[（(]([\u4e00-\u9fff]{2,12})[）)]/g;

/** The Chinese term just before a bracket: the last tokens of the Han run, at most 8 characters. */
function termBefore(tokens: string[], han: string): string {
  let term = '';
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (!/^[\u4e00-\u9fff]+$/.test(t) || !han.endsWith(t + term) || (t + term).length > 8) break;
    term = t + term;
    if (term.length >= 4) break;
  }
  return term || han.slice(-4);
}

/** Bilingual pairs stated in the text: `中文（English）` and `English（中文）`. A first version. */
export function collectEvidence(rec: ArticleRecord): TermEvidence[] {
  const out: TermEvidence[] = [];
  for (const p of rec.paragraphs) {
    for (const s of p.sentences) {
      for (const m of s.text.matchAll(PAIR_ZH_EN)) {
        const before = s.text.slice(0, m.index! + m[1]!.length);
        const han = HAN_RUN.exec(before)?.[0] ?? m[1]!;
        const prefixTokens: string[] = [];
        let len = 0;
        for (const t of s.tokens) {
          if (len >= before.length) break;
          prefixTokens.push(t);
          len += t.length;
        }
        out.push({ term: termBefore(prefixTokens, han), english: m[2]!.trim(), sentenceId: s.id });
      }
      for (const m of s.text.matchAll(PAIR_EN_ZH)) {
        out.push({ term: m[2]!, english: m[1]!.trim(), sentenceId: s.id });
      }
    }
  }
  return out;
}
