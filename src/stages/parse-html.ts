import type { Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { parseInRuns } from './parse5-runs.js';
import { textLocationsOnly } from './text-locations.js';

/**
 * Parser for HTML: the page becomes a hast tree (parse5, as browsers parse it, so malformed HTML is repaired the
 * way a browser would), text nodes with their positions. Parse errors are not reported: scraped pages are rarely
 * valid and it changes nothing. The options are those of hast-util-from-html's `fromHtml`, less element positions.
 */
export default function parseHtml(this: Processor) {
  this.parser = (doc: string, file: VFile): Root => htmlTree(doc, file);
}

/** The hast tree of an HTML page, as the `parse` stage makes it (text nodes with their positions). */
export function htmlTree(doc: string, file?: VFile): Root {
  const options = { sourceCodeLocationInfo: true, scriptingEnabled: false, treeAdapter: textLocationsOnly };
  const document = parseInRuns(doc, options, { elementLocations: false });
  return fromParse5(document, file ? { file } : {}) as Root;
}
