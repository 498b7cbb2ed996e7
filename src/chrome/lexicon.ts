import { readFileSync } from 'node:fs';

/** A whole-line chrome rule as written in pipeline/chrome-lexicon.json. */
interface RawRule {
  id: string;
  wall?: boolean;
  exact?: string[];
  regex?: string[];
}

interface RawLexicon {
  rules?: RawRule[];
  partial?: { id: string; regex: string[] }[];
  cues?: { terms?: string[] };
  dom?: { chromeTags?: string[]; chrome?: string[]; content?: string[]; contentSubstrings?: string[] };
  sites?: Record<string, RawRule[]>;
}

export interface LineRule {
  id: string;
  /** The rule marks the start or end of a page section (related list, comments, copyright): a wall for the body. */
  wall: boolean;
  exact: Set<string>;
  regex: RegExp[];
}

export interface PartialRule {
  id: string;
  regex: RegExp[];
}

/** The chrome lexicon, compiled. */
export interface ChromeLexicon {
  rules: LineRule[];
  partial: PartialRule[];
  cueTerms: string[];
  dom: { chromeTags: Set<string>; chrome: Set<string>; content: Set<string>; contentSubstrings: string[] };
  sites: Map<string, LineRule[]>;
}

function compileRule(r: RawRule, where: string): LineRule {
  return {
    id: r.id,
    wall: r.wall === true,
    exact: new Set((r.exact ?? []).map((x) => x.replace(/\s+/g, ' ').trim())),
    regex: (r.regex ?? []).map((x) => {
      try {
        return new RegExp(x, 'u');
      } catch (e) {
        throw new Error(`${where}: rule ${r.id}: bad regular expression ${JSON.stringify(x)}: ${(e as Error).message}`);
      }
    }),
  };
}

/** Compile a lexicon from its JSON form (`where` names it in error messages). */
export function compileLexicon(raw: RawLexicon, where = 'chrome lexicon'): ChromeLexicon {
  const lower = (xs: string[] | undefined) => new Set((xs ?? []).map((x) => x.toLowerCase()));
  return {
    rules: (raw.rules ?? []).map((r) => compileRule(r, where)),
    partial: (raw.partial ?? []).map((p) => ({ id: p.id, regex: p.regex.map((x) => new RegExp(x, 'gu')) })),
    cueTerms: [...new Set(raw.cues?.terms ?? [])],
    dom: {
      chromeTags: lower(raw.dom?.chromeTags),
      chrome: lower(raw.dom?.chrome),
      content: lower(raw.dom?.content),
      contentSubstrings: (raw.dom?.contentSubstrings ?? []).map((x) => x.toLowerCase()),
    },
    sites: new Map(Object.entries(raw.sites ?? {}).map(([site, rules]) => [site, rules.map((r) => compileRule(r, `${where}: site ${site}`))])),
  };
}

const cache = new Map<string, ChromeLexicon>();

/** Load and compile a lexicon file (once per process). */
export function loadLexicon(file: string): ChromeLexicon {
  let lex = cache.get(file);
  if (!lex) {
    lex = compileLexicon(JSON.parse(readFileSync(file, 'utf8')) as RawLexicon, file);
    cache.set(file, lex);
  }
  return lex;
}

/** The first whole-line rule (site rules first) matching `line`, if any. */
export function matchRule(lex: ChromeLexicon, line: string, site?: string): LineRule | undefined {
  const rules = site ? [...(lex.sites.get(site) ?? []), ...lex.rules] : lex.rules;
  const t = line.replace(/\s+/g, ' ').trim();
  return rules.find((r) => r.exact.has(t) || r.regex.some((re) => re.test(t)));
}

/** How many cue terms occur in `line` (each term counted once). */
export function cueHits(lex: ChromeLexicon, line: string): string[] {
  return lex.cueTerms.filter((t) => line.includes(t));
}
