import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigSchema, type PipelineConfig } from './schema.js';
import { VERSION } from '../version.js';
import { dataFile, type LoadedConfig } from './loaded.js';

export { dataFile, type LoadedConfig };

export class ConfigError extends Error {}

/** Read and validate `pipeline.json` in `dir`. Throws ConfigError with every problem listed. */
export function loadConfig(dir: string): LoadedConfig {
  const file = path.join(dir, 'pipeline.json');
  if (!existsSync(dir)) throw new ConfigError(`configuration folder not found: ${dir}`);
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(`${file}: not valid JSON: ${(e as Error).message}`);
    }
  }
  if (raw && typeof raw === 'object' && '$schema' in raw) delete (raw as Record<string, unknown>)['$schema'];
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new ConfigError(`${file}: invalid configuration\n${problems}`);
  }
  const config = parsed.data;
  const loaded: LoadedConfig = { dir: path.resolve(dir), config, hash: '' };
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
  loaded.hash = h.digest('hex');
  return loaded;
}
