import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unsafeIdReason } from '../src/io/ids.js';
import { articlePaths } from '../src/output/article-files.js';

describe('unsafeIdReason', () => {
  it('accepts ordinary ids, sub-folders and `<file>:<line>` ids', () => {
    for (const id of ['000_d96e26aee6ca39d7', 'a/b', 'news/2024/文章', 'dump:12', 'x:1', 'c:x', 'a.b', '..a', 'a..b', '42']) {
      expect(unsafeIdReason(id), id).toBeUndefined();
    }
  });

  it('refuses ids that climb out of output/ or are absolute', () => {
    for (const id of ['..', '../escape', 'a/../../etc/passwd', 'a/..', './a', 'a/./b', '/etc/passwd', 'C:/x']) {
      expect(unsafeIdReason(id), id).toBeDefined();
    }
  });

  it('refuses empty segments, backslashes, control characters and very long ids', () => {
    for (const id of ['', 'a//b', 'a/', '..\\x', 'a\\b', 'a\nb', 'a\u0000b', 'x'.repeat(401)]) {
      expect(unsafeIdReason(id), JSON.stringify(id)).toBeDefined();
    }
    expect(unsafeIdReason('x'.repeat(400))).toBeUndefined();
  });

  it('every accepted id maps to paths inside the output folder', () => {
    const out = path.resolve('/tmp/qingxi-out');
    for (const id of ['a/b', 'x:1', '..a', 'a..b', '文章']) {
      expect(unsafeIdReason(id)).toBeUndefined();
      for (const p of Object.values(articlePaths(out, id))) {
        expect(path.resolve(p).startsWith(out + path.sep), p).toBe(true);
      }
    }
  });
});
