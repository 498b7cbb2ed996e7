import { converterOf } from '../stages/convert.js';
import { memoized } from './memo.js';

/** The remembering wrapper of each converter (one per converter, so that callers share it and its memory). */
const converters = new WeakMap<(s: string) => string, (s: string) => string>();

/**
 * The converter named in an article's metadata (see `converterOf`), remembering its results per text (an opencc-js
 * converter is a pure function of the text). The chrome and metadata stages both convert through it, and get the
 * same wrapper for the same name, so `simplifiedLine` (which remembers a line's converted text per converter)
 * serves both. No conversion (`none`) is returned as it is.
 */
export function lineConverter(name: string): (s: string) => string {
  const conv = converterOf(name);
  if (conv === converterOf('none')) return conv;
  let wrapped = converters.get(conv);
  if (!wrapped) {
    wrapped = memoized(conv);
    converters.set(conv, wrapped);
  }
  return wrapped;
}
