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
  /** Quick tests that rule out most lines at once, before the rules or cue terms are tried one by one. */
  screen: { exact: Set<string>; regex: RegExp[]; cues: RegExp | undefined };
}

/** Whether a rule source refers to its own groups (a back-reference cannot be joined with other sources). */
const SELF_REFERENCE = /\\[1-9]|\\k<|\(\?<(?![=!])/;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Alternations of the whole-line rules' expressions (anchored ones together: the engine then tries them at the start
 * only) and of the cue terms: a line none of them matches matches no single rule or term either.
 */
function screenOf(rules: readonly LineRule[], cueTerms: readonly string[]): ChromeLexicon['screen'] {
  const sources = rules.flatMap((r) => r.regex.map((re) => re.source));
  const joinable = sources.filter((x) => !SELF_REFERENCE.test(x));
  const alone = sources.filter((x) => SELF_REFERENCE.test(x)).map((x) => new RegExp(x, 'u'));
  const join = (xs: string[]) => (xs.length ? [new RegExp(xs.map((x) => `(?:${x})`).join('|'), 'u')] : []);
  return {
    exact: new Set(rules.flatMap((r) => [...r.exact])),
    regex: [...join(joinable.filter((x) => x.startsWith('^'))), ...join(joinable.filter((x) => !x.startsWith('^'))), ...alone],
    cues: cueTerms.length ? new RegExp(cueTerms.map(escapeRegex).join('|')) : undefined,
  };
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
  const rules = (raw.rules ?? []).map((r) => compileRule(r, where));
  const cueTerms = [...new Set(raw.cues?.terms ?? [])];
  return {
    rules,
    partial: (raw.partial ?? []).map((p) => ({ id: p.id, regex: p.regex.map((x) => new RegExp(x, 'gu')) })),
    cueTerms,
    dom: {
      chromeTags: lower(raw.dom?.chromeTags),
      chrome: lower(raw.dom?.chrome),
      content: lower(raw.dom?.content),
      contentSubstrings: (raw.dom?.contentSubstrings ?? []).map((x) => x.toLowerCase()),
    },
    sites: new Map(Object.entries(raw.sites ?? {}).map(([site, rules]) => [site, rules.map((r) => compileRule(r, `${where}: site ${site}`))])),
    screen: screenOf(rules, cueTerms),
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
  const t = line.replace(/\s+/g, ' ').trim();
  const siteRule = site ? lex.sites.get(site)?.find((r) => ruleMatches(r, t)) : undefined;
  if (siteRule) return siteRule;
  if (!lex.screen.exact.has(t) && !lex.screen.regex.some((re) => re.test(t))) return undefined;
  return lex.rules.find((r) => ruleMatches(r, t));
}

function ruleMatches(r: LineRule, t: string): boolean {
  return r.exact.has(t) || r.regex.some((re) => re.test(t));
}

/** How many cue terms occur in `line` (each term counted once). */
export function cueHits(lex: ChromeLexicon, line: string): string[] {
  if (!lex.screen.cues?.test(line)) return [];
  return lex.cueTerms.filter((t) => line.includes(t));
}
