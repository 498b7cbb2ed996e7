import type { Root } from 'hast';
import type { DefaultTreeAdapterMap } from 'parse5';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { hastFromParse5 } from './parse5-hast.js';
import { parseInRuns } from './parse5-runs.js';
import { textLocationsOnly } from './text-locations.js';

/**
 * Parser for HTML: the page becomes a hast tree (parse5, as browsers parse it, so malformed HTML is repaired the
 * way a browser would), text nodes with their positions. Parse errors are not reported: scraped pages are rarely
 * valid and it changes nothing. The options are those of hast-util-from-html's `fromHtml`, less element positions;
 * the hast tree is hast-util-from-parse5's, built faster (./parse5-hast.ts).
 */
export default function parseHtml(this: Processor) {
  this.parser = (doc: string, file: VFile): Root => htmlTree(doc, file);
}

/** parse5's document of an HTML page, as the `parse` stage parses it (source locations on text nodes only). */
export function parse5Document(doc: string): DefaultTreeAdapterMap['document'] {
  const options = { sourceCodeLocationInfo: true, scriptingEnabled: false, treeAdapter: textLocationsOnly };
  return parseInRuns(doc, options, { elementLocations: false });
}

/** The hast tree of an HTML page, as the `parse` stage makes it (text nodes with their positions). */
export function htmlTree(doc: string, file?: VFile): Root {
  return hastFromParse5(parse5Document(doc), file) as Root;
}
