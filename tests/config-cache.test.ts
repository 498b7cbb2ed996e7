import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigCached } from '../src/config/cached.js';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { removeTemps, ROOT, tempDir } from './helpers.js';

afterAll(removeTemps);

function pipelineCopy(): string {
  const dir = tempDir('qingxi-pipeline-');
  cpSync(path.join(ROOT, 'pipeline'), dir, { recursive: true });
  return dir;
}

describe('loadConfigCached: the validated configuration remembered by the bytes of pipeline.json and the code', () => {
  it('gives what loadConfig gives, validated (a miss) and remembered (a hit)', async () => {
    const dir = pipelineCopy();
    const cache = tempDir('qingxi-config-cache-');
    const fresh = loadConfig(dir);
    const miss = await loadConfigCached(dir, cache, 'code-1');
    expect(readdirSync(cache)).toHaveLength(1);
    const hit = await loadConfigCached(dir, cache, 'code-1');
    expect(miss).toEqual(fresh);
    expect(hit).toEqual(fresh);
    expect(JSON.stringify(hit.config)).toBe(JSON.stringify(fresh.config));
    // A hit is the remembered copy, not a new validation.
    const [only] = readdirSync(cache);
    const copy = JSON.parse(readFileSync(path.join(cache, only!), 'utf8')) as { chrome: { templateMinArticles: number } };
    copy.chrome.templateMinArticles = 99;
    writeFileSync(path.join(cache, only!), JSON.stringify(copy));
    expect((await loadConfigCached(dir, cache, 'code-1')).config.chrome.templateMinArticles).toBe(99);
  });

  it('validates again when pipeline.json or the code changed', async () => {
    const dir = pipelineCopy();
    const cache = tempDir('qingxi-config-cache-');
    await loadConfigCached(dir, cache, 'code-1');
    await loadConfigCached(dir, cache, 'code-2');
    expect(readdirSync(cache)).toHaveLength(2);
    const file = path.join(dir, 'pipeline.json');
    const cfg = JSON.parse(readFileSync(file, 'utf8')) as { chrome: Record<string, unknown> };
    cfg.chrome.templateMinArticles = 'three';
    writeFileSync(file, JSON.stringify(cfg));
    await expect(loadConfigCached(dir, cache, 'code-1')).rejects.toBeInstanceOf(ConfigError);
  });

  it('takes a data file changed since as loadConfig does (its hash), and a damaged copy as a miss', async () => {
    const dir = pipelineCopy();
    const cache = tempDir('qingxi-config-cache-');
    const before = await loadConfigCached(dir, cache, 'code-1');
    writeFileSync(path.join(dir, 'userdict.txt'), `${readFileSync(path.join(dir, 'userdict.txt'), 'utf8')}\n新词条 5 n\n`);
    const after = await loadConfigCached(dir, cache, 'code-1');
    expect(after.hash).not.toBe(before.hash);
    expect(after.hash).toBe(loadConfig(dir).hash);
    const [only] = readdirSync(cache);
    writeFileSync(path.join(cache, only!), '{"chrome": ');
    expect(await loadConfigCached(dir, cache, 'code-1')).toEqual(loadConfig(dir));
  });
});
