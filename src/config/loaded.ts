import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from '../version.js';
import type { PipelineConfig } from './schema.js';

/**
 * A configuration as loaded and validated (load.ts). Kept apart from the loader so that code which only reads a
 * loaded configuration (worker threads, stages) does not load the validator (zod: about 80 ms per thread).
 */
export interface LoadedConfig {
  /** Folder the configuration was read from (pipeline/). */
  dir: string;
  config: PipelineConfig;
  /**
   * sha256 over qingxi's version, the configuration and every data file it names: anything that can change
   * an article's output changes this hash.
   */
  hash: string;
}

/** Path of a data file named in the configuration, resolved against the configuration folder. */
export function dataFile(cfg: Pick<LoadedConfig, 'dir'>, name: string): string {
  return path.resolve(cfg.dir, name);
}

export class ConfigError extends Error {}

/**
 * The configuration's hash (LoadedConfig.hash) over qingxi's version, the validated configuration and every data file
 * it names; throws ConfigError when a data file is missing (`file` names pipeline.json in the message).
 */
export function configHash(loaded: Omit<LoadedConfig, 'hash'>, file: string): string {
  const { config, dir } = loaded;
  const h = createHash('sha256');
  h.update(`qingxi ${VERSION}\n`);
  h.update(JSON.stringify(config));
  const files = [config.chrome.lexicon, config.segment.userDictionary, config.glossary.stoplist, config.glossary.heads].filter(
    (f): f is string => typeof f === 'string',
  );
  for (const f of files) {
    const p = dataFile(loaded, f);
    if (!existsSync(p)) throw new ConfigError(`${file}: data file ${f} not found in ${dir}`);
    h.update(`\n${f}\n`);
    h.update(readFileSync(p));
  }
  return h.digest('hex');
}
