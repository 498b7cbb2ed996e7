import { existsSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/version.js';

/**
 * The shared gold data folder, read in place and never copied into the repository: `../shared/datasets`
 * relative to the repository root, or `$QINGXI_DATASETS` when set.
 */
export const DATASETS: string = process.env.QINGXI_DATASETS
  ? path.resolve(process.env.QINGXI_DATASETS)
  : path.resolve(PACKAGE_ROOT, '..', 'shared', 'datasets');

/** Absolute path of `rel` under the datasets folder. */
export function dataset(...rel: string[]): string {
  return path.join(DATASETS, ...rel);
}

/** The first of `files` (paths under the datasets folder) that is missing, as a skip message, or undefined. */
export function missing(...files: string[]): string | undefined {
  for (const f of files) {
    const p = dataset(f);
    if (!existsSync(p)) return `data not found: ${p} (see ${path.join(DATASETS, 'README.md')})`;
  }
  return undefined;
}

/** Format a ratio with three decimals (or four when `digits` says so). */
export function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}
