import { createHash } from 'node:crypto';

/** One shard of a corpus: index `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parse `I/N` (0 <= I < N). Throws with a message for the user otherwise. */
export function parseShard(s: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`--shard takes I/N (e.g. 0/4), not ${JSON.stringify(s)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new Error('--shard I/N: N must be at least 1');
  if (index >= count) throw new Error(`--shard I/N: I counts from 0 and must be below N (got ${index}/${count})`);
  return { index, count };
}

/** The shard an article belongs to: the first 32 bits of sha256(id), modulo the shard count. */
export function shardOf(id: string, count: number): number {
  if (count <= 1) return 0;
  return createHash('sha256').update(id).digest().readUInt32BE(0) % count;
}

export function inShard(id: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(id, shard.count) === shard.index;
}
