import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileCreateCost, filesUnder, fileSystemOf, keepsRoom } from '../bench/file-cost.js';

const MOUNTS = [
  '/dev/vda / ext4 rw,relatime 0 0',
  'tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0',
  'proc /proc proc rw 0 0',
  'tmpfs /tmp/ram tmpfs rw 0 0',
  '/dev/vdb /mnt/my\\040disk xfs rw 0 0',
  '',
].join('\n');

describe('bench file-system probes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qingxi-file-cost-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the file system of a path: the longest mount point containing it', () => {
    const cases: [string, string][] = [
      ['/dev/shm', 'tmpfs'],
      ['/dev/shm/x/y', 'tmpfs'],
      ['/dev/shmx', 'ext4'],
      ['/tmp/ram/out', 'tmpfs'],
      ['/tmp/rammed', 'ext4'],
      ['/mnt/my disk/out', 'xfs'],
      ['/work', 'ext4'],
    ];
    for (const [p, fs] of cases) expect(fileSystemOf(p, MOUNTS), p).toBe(fs);
    expect(fileSystemOf('/work', '')).toBeUndefined();
  });

  it('counts files under a folder, not folders, and their bytes', () => {
    mkdirSync(path.join(dir, 'count', 'a', 'b'), { recursive: true });
    writeFileSync(path.join(dir, 'count', 'one'), '1');
    writeFileSync(path.join(dir, 'count', 'a', 'two'), '2');
    writeFileSync(path.join(dir, 'count', 'a', 'b', 'three'), '3');
    expect(filesUnder(path.join(dir, 'count'))).toEqual({ files: 3, bytes: 3 });
  });

  it('keeps a run\'s output only with room to spare on its disk', () => {
    writeFileSync(path.join(dir, 'count', 'a', 'big'), Buffer.alloc(1000));
    expect(filesUnder(path.join(dir, 'count')).bytes).toBe(1003);
    expect(keepsRoom(dir, 1003, 0)).toBe(true);
    // More than the disk holds, four times over, or a reserve larger than any disk.
    expect(keepsRoom(dir, Number.MAX_SAFE_INTEGER / 8, 0)).toBe(false);
    expect(keepsRoom(dir, 0, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(keepsRoom(path.join(dir, 'no such folder'), 0, 0)).toBe(false);
  });

  it('measures creating files and leaves nothing behind', () => {
    const before = readdirSync(dir).length;
    const c = fileCreateCost(dir, 40, 100);
    expect(c.wallUs).toBeGreaterThan(0);
    expect(c.cpuUs).toBeGreaterThanOrEqual(0);
    expect(readdirSync(dir).length).toBe(before);
    expect(existsSync(dir)).toBe(true);
  });

  it('leaves its files when asked to (the bench removes its folder at the end)', () => {
    const into = path.join(dir, 'kept');
    mkdirSync(into);
    fileCreateCost(into, 40, 100, false);
    expect(filesUnder(into).files).toBe(40);
  });
});
