import { workerData } from 'node:worker_threads';
import { loadConfig } from '../config/load.js';
import type { CorpusFile } from '../io/discover.js';
import { readCorpusFile, type ReadFailure } from '../io/read.js';
import type { StageContext } from '../stages/context.js';
import type { ArticleRecord } from '../types.js';
import { processArticle } from './article.js';
import { createProcessors, type Processors } from './processor.js';
import { deserializeKnowledge, type WorkerInit } from './knowledge.js';

export interface TaskResult {
  records: ArticleRecord[];
  failures: ReadFailure[];
}

let processors: Processors | undefined;

function init(): Processors {
  if (!processors) {
    const w = workerData as WorkerInit;
    const ctx: StageContext = { config: loadConfig(w.pipelineDir), corpus: deserializeKnowledge(w.knowledge), extraWords: w.extraWords };
    processors = createProcessors(ctx);
  }
  return processors;
}

/** Process one corpus file (one article, or every record of a JSONL file). Bad input never throws. */
export async function processFile(file: CorpusFile, procs: Processors): Promise<TaskResult> {
  const { docs, failures } = await readCorpusFile(file);
  const records: ArticleRecord[] = [];
  for (const doc of docs) {
    try {
      records.push(processArticle(doc, procs));
    } catch (e) {
      failures.push({ path: doc.path, line: doc.line, id: doc.id, reason: `failed in processing: ${(e as Error).stack ?? String(e)}` });
    }
  }
  return { records, failures };
}

/** Piscina entry point. */
export default async function task(file: CorpusFile): Promise<TaskResult> {
  return processFile(file, init());
}
