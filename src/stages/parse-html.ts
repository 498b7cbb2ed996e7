import type { Root } from 'hast';
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

/** The hast tree of an HTML page, as the `parse` stage makes it (text nodes with their positions). */
export function htmlTree(doc: string, file?: VFile): Root {
  const options = { sourceCodeLocationInfo: true, scriptingEnabled: false, treeAdapter: textLocationsOnly };
  const document = parseInRuns(doc, options, { elementLocations: false });
  return hastFromParse5(document, file) as Root;
}
