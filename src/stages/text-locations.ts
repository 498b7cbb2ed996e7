import { defaultTreeAdapter, type DefaultTreeAdapterMap, type TreeAdapter } from 'parse5';

/**
 * parse5's default tree with source locations on text nodes only, for a parse with `sourceCodeLocationInfo`.
 * qingxi maps text back to the source through its text nodes' offsets and reads no other position: parse5 copies
 * and updates an element's location at each of its tags, and hast-util-from-parse5 converts it, work this skips.
 * A text node's location is updated at each character token that extends it (white space and other characters
 * come as separate tokens): to a new object with its six fields, as the default does, without its object spread.
 */
export const textLocationsOnly: TreeAdapter<DefaultTreeAdapterMap> = {
  ...defaultTreeAdapter,
  setNodeSourceCodeLocation(node, location) {
    if (node.nodeName === '#text') node.sourceCodeLocation = location;
  },
  updateNodeSourceCodeLocation(node, end) {
    const at = node.nodeName === '#text' ? node.sourceCodeLocation : undefined;
    if (!at) {
      defaultTreeAdapter.updateNodeSourceCodeLocation(node, end);
      return;
    }
    node.sourceCodeLocation = {
      startLine: at.startLine,
      startCol: at.startCol,
      startOffset: at.startOffset,
      endLine: end.endLine ?? at.endLine,
      endCol: end.endCol ?? at.endCol,
      endOffset: end.endOffset ?? at.endOffset,
    };
  },
};
