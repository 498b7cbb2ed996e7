import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigSchema } from './schema.js';
import { ConfigError, configHash, dataFile, type LoadedConfig } from './loaded.js';

export { ConfigError, dataFile, type LoadedConfig };

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
  loaded.hash = configHash(loaded, file);
  return loaded;
}
