import { readFileSync } from "node:fs";

/** Reads a recorded reference from fixtures/hmm-pipeline/testdata/model/. */
export function loadModelFixture<T>(name: string): T {
  const url = new URL(`../../../fixtures/hmm-pipeline/testdata/model/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as T;
}

/** A model fitted by hmmlearn, as the reference fixtures record it (flat row-major arrays). */
export interface HmmFitRecord {
  startprob: number[];
  transmat: number[];
  means: number[];
  covars: number[];
  /** Log-likelihood after each EM iteration. */
  history: number[];
  converged: boolean;
  iterations: number;
  score: number;
  states: number[];
}

/** Largest |a - b| / max(|b|, floor) over two equally long sequences. */
export function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor);
    if (!(d <= worst)) worst = d;
  }
  return worst;
}

/** Largest |a - b| over two equally long sequences (NaN if any pair is NaN). */
export function maxAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = d;
  }
  return worst;
}
