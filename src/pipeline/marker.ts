import { readBytesSync } from '../cache/store.js';
import type { DoneMarker } from './tasks.js';

/**
 * done/<id>.json, an article's marker: the DoneMarker's JSON on the first line and, for an article whose outputs
 * were written, its glossary evidence (src/glossary/evidence-store.ts) after it, so that one file says which
 * result the outputs hold and carries what the glossary needs of it. A reader decodes only the first line; the
 * evidence stays bytes until the glossary takes it (the segment check of a re-run reads every marker).
 */
export function markerText(marker: DoneMarker, evidence?: string): string {
  const head = JSON.stringify(marker);
  return evidence === undefined ? head : `${head}\n${evidence}`;
}

export interface StoredMarker {
  marker: DoneMarker;
  /** The glossary evidence, UTF-8 (every marker without `failed` has it). */
  evidence?: Buffer;
}

/**
 * A marker file's bytes; undefined when they are not valid (a cache miss), or when a marker of an article done
 * has no evidence (written by an older build, which stored the evidence elsewhere).
 */
export function parseMarker(buf: Buffer): StoredMarker | undefined {
  const nl = buf.indexOf(10);
  let marker: DoneMarker;
  try {
    marker = JSON.parse(buf.toString('utf8', 0, nl === -1 ? buf.length : nl)) as DoneMarker;
  } catch {
    return undefined;
  }
  if (typeof marker !== 'object' || marker === null) return undefined;
  if (nl === -1) return marker.failed ? { marker } : undefined;
  return { marker, evidence: buf.subarray(nl + 1) };
}

/** Read a marker file; undefined when absent or not valid. */
export function readMarkerSync(file: string): StoredMarker | undefined {
  const buf = readBytesSync(file);
  return buf && parseMarker(buf);
}
