import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hashOf } from '../cache/hash.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ConfigError, configHash, type LoadedConfig } from './loaded.js';
import type { PipelineConfig } from './schema.js';

/**
 * `loadConfig` (load.ts) with its validation remembered: the validated configuration is kept in `cacheDir` under
 * the hash of pipeline.json's bytes and of qingxi's code (`code`, which holds the schema), so a run whose
 * configuration file did not change since the last one neither validates it again nor loads the validator (zod:
 * about 80 ms, on the way of every re-run). The data files the configuration names are read and hashed every
 * time, as by `loadConfig`. Any problem with the remembered copy is a miss: the configuration is validated.
 */
export async function loadConfigCached(dir: string, cacheDir: string, code: string): Promise<LoadedConfig> {
  const file = path.join(dir, 'pipeline.json');
  if (!existsSync(dir)) throw new ConfigError(`configuration folder not found: ${dir}`);
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const key = hashOf('config/1', code, bytes ?? 'absent');
  const cacheFile = path.join(cacheDir, `${key}.json`);
  let config: PipelineConfig | undefined;
  try {
    config = JSON.parse(readFileSync(cacheFile, 'utf8')) as PipelineConfig;
  } catch {
    config = undefined;
  }
  if (config && typeof config === 'object') {
    const loaded = { dir: path.resolve(dir), config };
    return { ...loaded, hash: configHash(loaded, file) };
  }
  const { loadConfig } = await import('./load.js');
  const loaded = loadConfig(dir);
  // (A failed write only costs the next run a validation.)
  await writeFileAtomic(cacheFile, JSON.stringify(loaded.config)).catch(() => undefined);
  return loaded;
}
