import type { Root } from 'nlcst';
import { unified, type Plugin, type Processor } from 'unified';
import type { VFile } from 'vfile';
import type { StageName } from '../config/schema.js';
import chrome from '../stages/chrome.js';
import { articleData, type StageContext } from '../stages/context.js';
import convert from '../stages/convert.js';
import htmlBlocks from '../stages/html-blocks.js';
import metadata from '../stages/metadata.js';
import parseHtml from '../stages/parse-html.js';
import parseText from '../stages/parse-text.js';
import punctuation from '../stages/punctuation.js';
import reflow from '../stages/reflow.js';
import script from '../stages/script.js';
import segment from '../stages/segment.js';
import sentences from '../stages/sentences.js';

type Transformer = (tree: Root, file: VFile) => Root | void;
type Stage = (ctx: StageContext) => Transformer;

/** Every stage, by the name used in pipeline/pipeline.json. */
export const STAGES: Record<StageName, Stage> = {
  punctuation,
  script,
  chrome,
  metadata,
  reflow,
  sentences,
  convert,
  segment,
};

/** Stages the output contract needs whatever the configuration says (sentences and their Simplified text). */
const REQUIRED: readonly StageName[] = ['sentences', 'convert'];

/** A unified plugin that runs `stage` and adds the time it took to the article's stage timings. */
function timed(name: string, make: (ctx: StageContext) => Transformer): Plugin<[StageContext], Root, Root> {
  return function (ctx: StageContext) {
    const transform = make(ctx);
    return (tree: Root, file: VFile) => {
      const t0 = performance.now();
      const out = transform(tree, file);
      const stageMs = articleData(file).stageMs;
      stageMs[name] = (stageMs[name] ?? 0) + (performance.now() - t0);
      return out ?? undefined;
    };
  };
}

export interface Processors {
  text: Processor<Root, Root, Root>;
  html: Processor<Root, Root, Root>;
}

/** The configured stage names, required ones added, in pipeline order, minus `exclude`. */
function stageList(ctx: StageContext, exclude: readonly StageName[]): StageName[] {
  const names = [...ctx.config.config.stages];
  for (const r of REQUIRED) if (!names.includes(r)) names.push(r);
  const order = Object.keys(STAGES);
  names.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return names.filter((n) => !exclude.includes(n));
}

// unified's types track tree types plugin by plugin; qingxi's stages all take and give nlcst Roots.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProcessor = any;

function addStages(p: AnyProcessor, ctx: StageContext, names: readonly StageName[]): AnyProcessor {
  for (const name of names) p = p.use(timed(name, STAGES[name]), ctx);
  return p;
}

/**
 * The two processors (text and HTML input) for a configuration: a parser, then the configured stages except
 * `exclude` (the run leaves `segment` for its last phase, after corpus-wide term discovery).
 */
export function createProcessors(ctx: StageContext, exclude: readonly StageName[] = []): Processors {
  const names = stageList(ctx, exclude);
  const build = (html: boolean) => {
    let p: AnyProcessor = unified();
    if (html) p = p.use(parseHtml).use(timed('html-blocks', () => htmlBlocks() as unknown as Transformer), ctx);
    else p = p.use(parseText);
    return addStages(p, ctx, names).freeze() as Processor<Root, Root, Root>;
  };
  return { text: build(false), html: build(true) };
}

/**
 * A processor with no parser that runs only the named configured stages on an existing tree (the run's
 * `segment` phase). Stages not in the configuration are left out.
 */
export function createStageRunner(ctx: StageContext, only: readonly StageName[]): Processor<Root, Root, Root> {
  const names = stageList(ctx, []).filter((n) => only.includes(n));
  return addStages(unified(), ctx, names).freeze() as Processor<Root, Root, Root>;
}
