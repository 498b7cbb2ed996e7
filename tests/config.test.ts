import { cpSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { STAGE_NAMES } from '../src/config/schema.js';
import { removeTemps, ROOT, runCli, tempCorpus, tempDir } from './helpers.js';

afterAll(removeTemps);

const REPO_PIPELINE = path.join(ROOT, 'pipeline');

/** A copy of the repository's pipeline/ folder, with pipeline.json changed by `edit`. */
function pipelineCopy(edit?: (cfg: Record<string, unknown>) => Record<string, unknown> | string): string {
  const dir = tempDir('qingxi-pipeline-');
  cpSync(REPO_PIPELINE, dir, { recursive: true });
  if (edit) {
    const cfg = JSON.parse(readFileSync(path.join(dir, 'pipeline.json'), 'utf8')) as Record<string, unknown>;
    const next = edit(cfg);
    writeFileSync(path.join(dir, 'pipeline.json'), typeof next === 'string' ? next : JSON.stringify(next));
  }
  return dir;
}

function configError(dir: string): string {
  try {
    loadConfig(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it("loads the repository's pipeline/ with every stage and a content hash", () => {
    const c = loadConfig(REPO_PIPELINE);
    expect(c.dir).toBe(REPO_PIPELINE);
    expect(c.config.stages).toEqual([...STAGE_NAMES]);
    expect(c.config.segment.hmm).toBe(true);
    expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fills in defaults for options left out', () => {
    const dir = pipelineCopy(() => ({}));
    const c = loadConfig(dir);
    expect(c.config.stages).toEqual([...STAGE_NAMES]);
    expect(c.config.punctuation).toEqual({ fullWidthPunctuation: true, halfWidthAlnum: true });
    expect(c.config.script.region).toBe('auto');
  });

  it('the hash is stable, and changes with the configuration and with the data files it names', () => {
    const dir = pipelineCopy();
    const a = loadConfig(dir).hash;
    expect(loadConfig(dir).hash).toBe(a);
    appendFileSync(path.join(dir, 'userdict.txt'), '\n新词汇测试 10\n');
    const b = loadConfig(dir).hash;
    expect(b).not.toBe(a);
    const cfg = JSON.parse(readFileSync(path.join(dir, 'pipeline.json'), 'utf8'));
    cfg.script.phrases = false;
    writeFileSync(path.join(dir, 'pipeline.json'), JSON.stringify(cfg));
    expect(loadConfig(dir).hash).not.toBe(b);
  });

  it('bad JSON is a clear error naming the file', () => {
    const dir = pipelineCopy(() => '{ "stages": [ "punctuation", }');
    expect(configError(dir)).toMatch(/pipeline\.json: not valid JSON/);
  });

  it('lists every bad option with its path', () => {
    const dir = pipelineCopy((c) => ({
      ...c,
      stages: ['punctuation', 'spellcheck'],
      chrome: { lexicon: 'chrome-lexicon.json', templateMinArticles: 1 },
      segment: { userDictionary: 'userdict.txt', hmm: 'yes' },
      colour: true,
    }));
    const msg = configError(dir);
    expect(msg).toMatch(/invalid configuration/);
    expect(msg).toMatch(/stages\.1: .*expected one of/);
    expect(msg).toMatch(/chrome\.templateMinArticles: .*>=2/);
    expect(msg).toMatch(/segment\.hmm: /);
    expect(msg).toMatch(/Unrecognized key: "colour"/);
  });

  it('a data file that is missing, or a missing folder, is a clear error', () => {
    const dir = pipelineCopy((c) => ({ ...c, segment: { userDictionary: 'no-such-dict.txt', hmm: true } }));
    expect(configError(dir)).toMatch(/data file no-such-dict\.txt not found/);
    expect(configError(path.join(dir, 'missing'))).toMatch(/configuration folder not found/);
  });
});

describe('configuration errors from the CLI', () => {
  it('exit 2 with the message, and nothing written', async () => {
    const corpus = tempCorpus({ 'a.txt': '正文。' });
    const out = path.join(tempDir(), 'out');
    const bad = pipelineCopy(() => '{ nope');
    const r = await runCli(['run', '--corpus', corpus, '--out', out, '--pipeline', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipeline\.json: not valid JSON/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    const opt = pipelineCopy((c) => ({ ...c, script: { region: 'mars' } }));
    const r2 = await runCli(['run', '--corpus', corpus, '--out', out, '--pipeline', opt]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/script\.region/);
  });

  it('a stage left out of pipeline.json is not run', async () => {
    const corpus = tempCorpus({ 'a.txt': '第一行，很好,真的吗?\n' });
    const out = tempDir();
    const noPunct = pipelineCopy((c) => ({ ...c, stages: (c.stages as string[]).filter((s) => s !== 'punctuation') }));
    const r = await runCli(['run', '--corpus', corpus, '--out', out, '--pipeline', noPunct, '--concurrency', '1']);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(out, 'articles', 'a.txt'), 'utf8')).toContain('很好,真的吗?');
  });
});
