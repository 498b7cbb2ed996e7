import type { Comment, Doctype, Element, ElementContent, Nodes, Properties, Root, RootContent, Text } from 'hast';
import { h, s } from 'hastscript';
import type { DefaultTreeAdapterMap, Token } from 'parse5';
import { find, html, normalize, svg } from 'property-information';
import { parse as commas } from 'comma-separated-tokens';
import { parse as spaces } from 'space-separated-tokens';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { webNamespaces } from 'web-namespaces';

/**
 * hast-util-from-parse5's `fromParse5` (8.0), with a faster way for the common element: the same hast tree, node
 * for node, property for property, position for position (tests/parse5-hast.test.ts compares the two on every
 * page of the bench data and on hand-made cases).
 *
 * The library builds each element with hastscript's `h`: it parses the tag name as a CSS selector, copies the
 * attributes into an object and walks its entries, looks each attribute up in property-information's schema, and
 * checks each child's type as it adds it. On the pages qingxi reads that was a third of the time of the parse
 * stage. Here an HTML element with a plain tag name (lower-case letters and digits, `-`) that is not `<template>`
 * is built directly: its attributes' schema entries are remembered by name, and their values parsed as hastscript
 * parses them (space- and comma-separated lists, numbers, booleans). Any other element (SVG and MathML, templates,
 * tag names `h` would read as a selector) goes through `h` or `s` as in the library.
 */

type P5Node = DefaultTreeAdapterMap['node'];
type P5Element = DefaultTreeAdapterMap['element'];
type P5Parent = DefaultTreeAdapterMap['parentNode'];
type Info = ReturnType<typeof find>;

interface State {
  file: VFile | undefined;
  /** Whether a node got a position (the root then gets the document's). */
  location: boolean;
}

const own = {}.hasOwnProperty;
const proto = Object.prototype;

/** Tag names `h` keeps as they are: no selector characters (`#`, `.`), nothing `toLowerCase` changes. */
const PLAIN_TAG = /^[a-z][a-z0-9-]*$/;

/**
 * property-information's entries for HTML attribute names, by name. Bounded: pages bring names of their own
 * (`data-v-3f2a1b0c` from Vue's scoped styles, one per component), so once full it starts again.
 */
const htmlInfo = new Map<string, Info>();
const MAX_NAMES = 10_000;

function infoOf(name: string): Info {
  let info = htmlInfo.get(name);
  if (info === undefined) {
    // (For a `data…` name that is not a `data-…` one, `find` may give another attribute name from one call to the
    // next, as it tests a global expression; hast holds the property name, the same in every case.)
    info = find(html, name);
    if (htmlInfo.size >= MAX_NAMES) htmlInfo.clear();
    htmlInfo.set(name, info);
  }
  return info;
}

/** The hast tree of a parse5 document or node, as `fromParse5(tree, { file })` builds it. */
export function hastFromParse5(tree: P5Node, file?: VFile): Nodes {
  return one({ file, location: false }, tree);
}

function one(state: State, node: P5Node): Nodes {
  switch (node.nodeName) {
    case '#comment': {
      const ref = node as DefaultTreeAdapterMap['commentNode'];
      const result: Comment = { type: 'comment', value: ref.data };
      patch(state, ref, result);
      return result;
    }
    case '#document':
    case '#document-fragment': {
      const ref = node as DefaultTreeAdapterMap['document'] | DefaultTreeAdapterMap['documentFragment'];
      const quirksMode = 'mode' in ref ? ref.mode === 'quirks' || ref.mode === 'limited-quirks' : false;
      const result: Root = { type: 'root', children: all(state, ref.childNodes) as RootContent[], data: { quirksMode } };
      if (state.file && state.location) {
        const document = String(state.file);
        const loc = location(document);
        const start = loc.toPoint(0);
        const end = loc.toPoint(document.length);
        if (start && end) result.position = { start, end };
      }
      return result;
    }
    case '#documentType': {
      const ref = node as DefaultTreeAdapterMap['documentType'];
      const result: Doctype = { type: 'doctype' };
      patch(state, ref, result);
      return result;
    }
    case '#text': {
      const ref = node as DefaultTreeAdapterMap['textNode'];
      const result: Text = { type: 'text', value: ref.value };
      patch(state, ref, result);
      return result;
    }
    default:
      return element(state, node as P5Element);
  }
}

function all(state: State, nodes: readonly P5Node[]): Nodes[] {
  const results: Nodes[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) results[i] = one(state, nodes[i]!);
  return results;
}

function plain(node: P5Element): boolean {
  // (Attributes have a prefix, xlink: or xml:, in SVG and MathML only.)
  return node.namespaceURI === webNamespaces.html && node.tagName !== 'template' && PLAIN_TAG.test(node.tagName);
}

function element(state: State, node: P5Element): Element {
  if (!plain(node)) return foreign(state, node);
  // (Children first, as the library converts them before `h` looks the attributes up.)
  const children = all(state, node.childNodes) as ElementContent[];
  const properties: Properties = {};
  for (const a of node.attrs) {
    if (own.call(proto, a.name)) continue;
    addProperty(properties, infoOf(a.name), a.value);
  }
  const result: Element = { type: 'element', tagName: node.tagName, properties, children };
  patch(state, node, result);
  return result;
}

/** hastscript's `addProperty` for a string value (parse5's attribute values are strings). */
function addProperty(properties: Properties, info: Info, value: string): void {
  let result: Properties[string];
  if (info.spaceSeparated) result = primitives(info, spaces(value));
  else if (info.commaSeparated) result = primitives(info, commas(value));
  else if (info.commaOrSpaceSeparated) result = primitives(info, spaces(commas(value).join(' ')));
  else result = primitive(info, value);
  const prior = properties.className;
  if (info.property === 'className' && Array.isArray(prior)) {
    result = [...prior, ...(Array.isArray(result) ? result : [result as string | number])];
  }
  properties[info.property] = result;
}

function primitives(info: Info, values: string[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (const v of values) out.push(primitive(info, v) as string | number);
  return out;
}

/** hastscript's `parsePrimitive`. */
function primitive(info: Info, value: string): string | number | boolean {
  if (info.number && value && !Number.isNaN(Number(value))) return Number(value);
  if ((info.boolean || info.overloadedBoolean) && (value === '' || normalize(value) === normalize(info.property))) return true;
  return value;
}

/** Any other element, as the library builds it (with `h`, or `s` in SVG; a `<template>`'s content apart). */
function foreign(state: State, node: P5Element): Element {
  const properties: Record<string, string> = {};
  for (const attribute of node.attrs) {
    const name = (attribute.prefix ? attribute.prefix + ':' : '') + attribute.name;
    if (!own.call(proto, name)) properties[name] = attribute.value;
  }
  const svgSpace = node.namespaceURI === webNamespaces.svg;
  const x = svgSpace ? s : h;
  const result = x(node.tagName, properties, all(state, node.childNodes) as ElementContent[]) as Element;
  patch(state, node, result);
  if (result.tagName === 'template') {
    if (node.namespaceURI === webNamespaces.html) {
      const ref = node as DefaultTreeAdapterMap['template'];
      const pos = ref.sourceCodeLocation;
      const startTag = pos && pos.startTag && position(pos.startTag);
      const endTag = pos && pos.endTag && position(pos.endTag);
      const content = one(state, ref.content) as Root;
      if (startTag && endTag && state.file) content.position = { start: startTag.end!, end: endTag.start! };
      result.content = content;
    } else if (result.content) {
      // In SVG and MathML a `template` is an ordinary element: `h` moved its children into `content`.
      result.children = result.content.children as ElementContent[];
      delete result.content;
    }
  }
  return result;
}

function patch(state: State, from: P5Node | P5Parent, to: Nodes): void {
  const loc = 'sourceCodeLocation' in from ? from.sourceCodeLocation : undefined;
  if (!loc || !state.file) return;
  const pos = createLocation(to, loc);
  if (pos) {
    state.location = true;
    to.position = pos;
  }
}

type Location = Token.Location & { endTag?: Token.Location };
type Position = NonNullable<Nodes['position']>;
type Point = Position['start'];

function createLocation(node: Nodes, loc: Location): Position | undefined {
  const result = position(loc);
  if (node.type === 'element') {
    const tail = node.children[node.children.length - 1];
    // parse5 leaves the end of an element closed by the end of its parent at its start tag
    // (https://github.com/inikulin/parse5/issues/109): the library ends it at its last child.
    if (result && !loc.endTag && tail && tail.position && tail.position.end) result.end = Object.assign({}, tail.position.end);
  }
  return result as Position | undefined;
}

function position(loc: Token.Location): { start: Point | undefined; end: Point | undefined } | undefined {
  const start = point(loc.startLine, loc.startCol, loc.startOffset);
  const end = point(loc.endLine, loc.endCol, loc.endOffset);
  return start || end ? { start, end } : undefined;
}

function point(line: number, column: number, offset: number): Point | undefined {
  return line && column ? { line, column, offset } : undefined;
}
