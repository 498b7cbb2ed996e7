import path from 'node:path';
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
export function dataFile(cfg: LoadedConfig, name: string): string {
  return path.resolve(cfg.dir, name);
}
