import { fromHtml } from 'hast-util-from-html';
import type { Root } from 'hast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';

/**
 * Parser for HTML: the page becomes a hast tree (parse5, as browsers parse it, so malformed HTML is repaired the
 * way a browser would). Parse errors are not reported: scraped pages are rarely valid and it changes nothing.
 */
export default function parseHtml(this: Processor) {
  this.parser = (doc: string, _file: VFile): Root => fromHtml(doc);
}
