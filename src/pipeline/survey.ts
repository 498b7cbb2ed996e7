import { docKeyOf } from '../cache/keys.js';
import { Store } from '../cache/store.js';
import { templateKeys } from '../chrome/template.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readCorpusFile } from '../io/read.js';
import { siteOf } from '../stages/context.js';
import type { SurveyResult, SurveyTask } from './tasks.js';

/**
 * Survey one corpus file: decode it, list its articles with their content keys and sites, and store each
 * article's line keys (for the corpus's template-line counts). Runs in a worker thread, or in the main thread
 * when a run has only a few files to survey (no thread to wait for).
 */
export async function survey(t: SurveyTask): Promise<SurveyResult> {
  const store = new Store(t.store.out);
  const { docs, failures } = await readCorpusFile(t.file);
  const out: SurveyResult = { docs: [], failures };
  for (const d of docs) {
    const docKey = docKeyOf(t.store.engine, d);
    const keys = templateKeys(d);
    await writeFileAtomic(store.keyed('keys', docKey), JSON.stringify(keys));
    out.docs.push({ id: d.id, path: d.path, line: d.line, site: siteOf(d), docKey, keys });
  }
  return out;
}
