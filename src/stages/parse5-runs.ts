import { Parser, type DefaultTreeAdapterMap, type ParserOptions, type TreeAdapter } from 'parse5';

/**
 * parse5, with its tokenizer taking runs of ordinary characters in one step.
 *
 * parse5's tokenizer reads a page one code point at a time: for each, the preprocessor's `advance()` (line
 * bookkeeping, CR and surrogate handling), a dispatch on the state, and a call that extends the text, attribute
 * value, comment or name being built. Most of a page is long runs of characters that change nothing in that state
 * machine: attribute values (URLs, inline styles, data attributes), script and style text, comments, article
 * text. Here, in the states that consume such runs, the first code point of a run goes through parse5 as before
 * and the rest of the run (up to the next character the state treats specially) is taken at once: a loop over a
 * table of stop characters finds its end, the run extends the token being built just as the code points one by
 * one would (the same slice of the input), and the preprocessor is moved to the run's last code point with the
 * line and column it would have counted. Character tokens are split as before (white space and other characters
 * apart) except in script and raw text, where the tree builder treats both alike (see `characterState`): the
 * document, with every source location, is parse5's.
 *
 * A run never holds a CR (the preprocessor turns CR and CR LF into LF), a surrogate (pairs move the position by
 * two) or NUL (replaced or reported): those, EOF, and every character a state treats specially stay with parse5.
 * This relies on parse5's tokenizer internals (8.x): tests/parse5-runs.test.ts compares the documents, with all
 * source locations, with parse5's own on real pages and on hand-made cases, so an upgrade that changes them fails
 * there. With `elementLocations: false` (the parse stage's adapter keeps text locations only), the parser also
 * skips building element and attribute locations.
 *
 * Measured on the 295 HTML pages of the bench corpus (htmlTree, parse5 and hast-util-from-parse5): about 40% less
 * time than parse5's own tokenizer.
 */

/** The preprocessor fields a run moves. */
interface Preprocessor {
  html: string;
  pos: number;
  line: number;
  lineStartPos: number;
  isEol: boolean;
}

/** The tokenizer internals the runs use. */
interface Internals {
  preprocessor: Preprocessor;
  runEnd: number;
  currentToken: { tagName: string } | null;
  currentAttr: { name: string; value: string };
  _emitCodePoint(cp: number): void;
  _extendRun(cp: number): void;
}

type StateFn = (this: Internals, cp: number) => void;

/** `specials`, ASCII characters, as a table of the code units a run stops at, with CR and NUL. */
function stops(specials: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < specials.length; i++) t[specials.charCodeAt(i)] = 1;
  t[13] = 1;
  t[0] = 1;
  return t;
}

const WHITE = '\t\n\f ';
/** Stops for a run of white space: every ASCII character but white space (and every other one, see `take`). */
const NOT_WHITE = stops([...Array(128).keys()].map((c) => String.fromCharCode(c)).filter((c) => !WHITE.includes(c)).join(''));

/** Whether a run state leaves `cp`, the code point read at the position, to parse5. */
function leaves(pp: Preprocessor, stop: Uint8Array, cp: number): boolean {
  if (cp < 128 && stop[cp] === 1) return true;
  // A CR is read as LF, a surrogate pair as one code point, EOF as -1: none is the code unit at the position.
  return (cp >= 0xd800 && cp <= 0xdfff) || cp !== pp.html.charCodeAt(pp.pos);
}

/**
 * Takes the run after the current code point: the code units up to the first ASCII one `stop` has or, beyond
 * ASCII, any one when `white` (a run of white space), else the first surrogate. Moves the preprocessor to the run's last code unit as
 * `advance()` would one by one (no CR, no surrogate: one code point per code unit, LF starts a line after it) and
 * returns the run's end.
 */
function take(pp: Preprocessor, stop: Uint8Array, white: boolean): number {
  const html = pp.html;
  const n = html.length;
  const pos = pp.pos;
  let eol = pp.isEol;
  let line = pp.line;
  let lineStart = pp.lineStartPos;
  let i = pos + 1;
  for (; i < n; i++) {
    const c = html.charCodeAt(i);
    if (c < 128 ? stop[c] === 1 : white || (c >= 0xd800 && c <= 0xdfff)) break;
    if (eol) {
      line++;
      lineStart = i;
    }
    eol = c === 10;
  }
  if (i > pos + 1) {
    pp.pos = i - 1;
    pp.isEol = eol;
    pp.line = line;
    pp.lineStartPos = lineStart;
  }
  return i;
}

/**
 * A state whose ordinary code points are character tokens (`_emitCodePoint`): white space and other characters
 * make separate tokens, so a run is of one kind, unless `mixed`.
 *
 * `mixed`: states only the tree builder's `text` insertion mode reads (script data and raw text: the tokenizer
 * enters them only as the parser switches to that mode), where white space and other characters are both just
 * appended to the element's text node (no `<pre>` or `<textarea>` first newline to drop, no foreign content): a
 * run takes both, in a token of its first character's kind, saving the tree builder one token per change.
 */
function characterState(original: StateFn, specials: string, mixed: boolean): StateFn {
  const stop = stops(specials);
  const textStop = stops(specials + '\t\n\f ');
  return function (this: Internals, cp: number) {
    const pp = this.preprocessor;
    if (leaves(pp, stop, cp)) {
      original.call(this, cp);
      return;
    }
    // Emitting may drop the parsed part of the input: positions are read after it.
    this._emitCodePoint(cp);
    if (mixed) {
      this.runEnd = take(pp, stop, false);
      return;
    }
    const white = cp === 32 || cp === 10 || cp === 9 || cp === 12;
    this.runEnd = take(pp, white ? NOT_WHITE : textStop, white);
  };
}

/** A state whose ordinary code points extend the attribute value or comment being built (`_extendRun`). */
function runState(original: StateFn, specials: string): StateFn {
  const stop = stops(specials);
  return function (this: Internals, cp: number) {
    const pp = this.preprocessor;
    if (leaves(pp, stop, cp)) {
      original.call(this, cp);
      return;
    }
    this._extendRun(cp);
    this.runEnd = take(pp, stop, false);
  };
}

const UPPER = /[A-Z]/;
const UPPER_G = /[A-Z]/g;
const lower = (c: string) => String.fromCharCode(c.charCodeAt(0) | 0x20);

/** A state whose ordinary code points extend a tag or attribute name, ASCII upper case lowered. */
function nameState(original: StateFn, specials: string, tag: boolean): StateFn {
  const stop = stops(specials);
  return function (this: Internals, cp: number) {
    const pp = this.preprocessor;
    if (leaves(pp, stop, cp)) {
      original.call(this, cp);
      return;
    }
    const from = pp.pos;
    let s = pp.html.slice(from, take(pp, stop, false));
    if (UPPER.test(s)) s = s.replace(UPPER_G, lower);
    if (tag) this.currentToken!.tagName += s;
    else this.currentAttr.name += s;
  };
}

/** State methods of parse5's tokenizer and the ASCII characters each treats specially. */
const CHARACTER_STATES: Record<string, [string, boolean]> = {
  _stateData: ['<&', false],
  // Title and textarea: a textarea drops a newline at its start, which the tree builder looks for in a white
  // space token.
  _stateRcdata: ['<&', false],
  _stateRawtext: ['<', true],
  _stateScriptData: ['<', true],
  _stateScriptDataEscaped: ['<-', true],
  _stateScriptDataDoubleEscaped: ['<-', true],
  // Entered by a <plaintext> start tag in the `in body` mode, where white space and other characters differ.
  _statePlaintext: ['', false],
};
const RUN_STATES: Record<string, string> = {
  _stateAttributeValueDoubleQuoted: '"&',
  _stateAttributeValueSingleQuoted: "'&",
  _stateAttributeValueUnquoted: `\t\n\f &>"'<=\``,
  _stateComment: '<-',
  _stateBogusComment: '>',
};
const NAME_STATES: Record<string, [string, boolean]> = {
  _stateTagName: ['\t\n\f />', true],
  _stateAttributeName: ['\t\n\f />="\'<', false],
};

/** The run-taking state methods, built once from parse5's tokenizer prototype. */
let methods: Record<string, StateFn> | undefined;

function runMethods(tokenizer: object): Record<string, StateFn> {
  if (methods) return methods;
  const proto = Object.getPrototypeOf(tokenizer) as Record<string, unknown>;
  const original = (name: string): StateFn => {
    const f = proto[name];
    if (typeof f !== 'function') throw new Error(`parse5's tokenizer has no ${name}: parse5-runs.ts needs updating`);
    return f as StateFn;
  };
  const out: Record<string, StateFn> = {};
  for (const [name, [specials, mixed]] of Object.entries(CHARACTER_STATES)) out[name] = characterState(original(name), specials, mixed);
  for (const [name, specials] of Object.entries(RUN_STATES)) out[name] = runState(original(name), specials);
  for (const [name, [specials, tag]] of Object.entries(NAME_STATES)) out[name] = nameState(original(name), specials, tag);
  methods = out;
  return out;
}

/** The parser internals `elementLocations: false` replaces. */
interface ParserInternals {
  treeAdapter: TreeAdapter<DefaultTreeAdapterMap>;
}
interface InsertionLocation {
  parent: DefaultTreeAdapterMap['parentNode'];
  beforeElement: DefaultTreeAdapterMap['element'] | null;
}

/** parse5's `_attachElementToTree` without the element's location (a copy of its start tag's location). */
function attachElement(this: ParserInternals, element: DefaultTreeAdapterMap['element'], _location: unknown, at: InsertionLocation): void {
  if (at.beforeElement) this.treeAdapter.insertBefore(at.parent, element, at.beforeElement);
  else this.treeAdapter.appendChild(at.parent, element);
}

/** The tokenizer's `_createAttr`, without the attribute's location (kept only in its element's location). */
let createAttr: ((this: { currentAttrLocation: unknown }, name: string) => void) | undefined;

function createAttrWithoutLocation(tokenizer: object) {
  if (createAttr) return createAttr;
  const original = (Object.getPrototypeOf(tokenizer) as Record<string, unknown>)._createAttr;
  if (typeof original !== 'function') throw new Error("parse5's tokenizer has no _createAttr: parse5-runs.ts needs updating");
  createAttr = function (name) {
    original.call(this, name);
    this.currentAttrLocation = null;
  };
  return createAttr;
}

export interface RunOptions {
  /**
   * false: elements get no source location, for a tree adapter that keeps none (text-locations.ts): parse5 copies
   * each start tag's location, with a table of its attributes' locations, only for the adapter to drop it.
   */
  elementLocations?: boolean;
}

/** A document as parse5's `parse(html, options)` gives it, tokenized in runs. */
export function parseInRuns<T extends DefaultTreeAdapterMap>(html: string, options: ParserOptions<T>, runOptions: RunOptions = {}): T['document'] {
  const parser = new Parser<T>(options);
  const tokenizer = parser.tokenizer as unknown as Record<string, unknown>;
  Object.assign(tokenizer, runMethods(tokenizer));
  if (runOptions.elementLocations === false) {
    (parser as unknown as Record<string, unknown>)._attachElementToTree = attachElement;
    tokenizer._createAttr = createAttrWithoutLocation(tokenizer);
  }
  parser.tokenizer.write(html, true);
  return parser.document;
}
