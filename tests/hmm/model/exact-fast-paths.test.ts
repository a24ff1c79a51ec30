import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  backwardLog,
  computeLogLikelihood,
  computeLogXiSum,
  computePosteriors,
  fitGaussianHmm,
  forwardLog,
  type GaussianHmmParams,
  kernelPolicy,
  kmeans,
  pairwiseSum,
} from "../../../fixtures/hmm-pipeline/main.js";

// The fit's hot loops have two fast paths that must not change a single bit: shape-specialised kernels
// (large inputs) next to plain loops (small ones), and exact skips of exp/log calls whose result cannot
// change a sum. Each is checked here against the other path and against the straightforward loops of
// hmmlearn's `_hmmc` (no skips), written out below, on inputs that reach the skips: huge gaps between
// log terms, zero probabilities (-inf), ties, NaN.

const defaultMinSamples = kernelPolicy.minSamples;
afterEach(() => {
  kernelPolicy.minSamples = defaultMinSamples;
});

/** Runs `f` with the kernels forced on, then with them off. */
function bothPaths<T>(f: () => T): [kernels: T, loops: T] {
  kernelPolicy.minSamples = 0;
  const kernels = f();
  kernelPolicy.minSamples = Number.POSITIVE_INFINITY;
  const loops = f();
  kernelPolicy.minSamples = defaultMinSamples;
  return [kernels, loops];
}

/** Every value's exact bits, NaNs written as one (a NaN's payload is not a result), so -0 differs from 0. */
function bits(a: Float64Array): string {
  const canonical = Float64Array.from(a, (x) => (Number.isNaN(x) ? Number.NaN : x));
  return Buffer.from(canonical.buffer).toString("hex");
}

function referenceLogsumexp(v: number[]): number {
  let max = v[0];
  for (const x of v) if (max < x) max = x;
  if (max === Number.POSITIVE_INFINITY || max === Number.NEGATIVE_INFINITY) return max;
  let acc = 0;
  for (const x of v) acc += Math.exp(x - max);
  return Math.log(acc) + max;
}

function referenceForward(logStart: number[], logTrans: number[], logFrame: Float64Array, n: number, nc: number) {
  const fwd = new Float64Array(n * nc);
  for (let i = 0; i < nc; i++) fwd[i] = logStart[i] + logFrame[i];
  for (let t = 1; t < n; t++)
    for (let j = 0; j < nc; j++) {
      const terms = Array.from({ length: nc }, (_, i) => fwd[(t - 1) * nc + i] + logTrans[i * nc + j]);
      fwd[t * nc + j] = referenceLogsumexp(terms) + logFrame[t * nc + j];
    }
  return fwd;
}

function referenceBackward(logTrans: number[], logFrame: Float64Array, n: number, nc: number) {
  const bwd = new Float64Array(n * nc);
  for (let t = n - 2; t >= 0; t--)
    for (let i = 0; i < nc; i++) {
      const terms = Array.from(
        { length: nc },
        (_, j) => logTrans[i * nc + j] + logFrame[(t + 1) * nc + j] + bwd[(t + 1) * nc + j],
      );
      bwd[t * nc + i] = referenceLogsumexp(terms);
    }
  return bwd;
}

function referenceLogXiSum(
  fwd: Float64Array,
  logTrans: number[],
  bwd: Float64Array,
  logFrame: Float64Array,
  n: number,
  nc: number,
) {
  const logProb = referenceLogsumexp(Array.from(fwd.subarray((n - 1) * nc, n * nc)));
  const out = new Float64Array(nc * nc).fill(Number.NEGATIVE_INFINITY);
  for (let t = 0; t < n - 1; t++)
    for (let i = 0; i < nc; i++)
      for (let j = 0; j < nc; j++) {
        const k = i * nc + j;
        const x = fwd[t * nc + i] + logTrans[k] + logFrame[(t + 1) * nc + j] + bwd[(t + 1) * nc + j] - logProb;
        const a = out[k];
        if (a === Number.NEGATIVE_INFINITY) out[k] = x;
        else if (x !== Number.NEGATIVE_INFINITY) out[k] = (a < x ? x : a) + Math.log1p(Math.exp(-Math.abs(x - a)));
      }
  return out;
}

/** scipy ≥1.15 logsumexp of a row (max terms counted apart), then exp(x - lse). */
function referencePosteriors(fwd: Float64Array, bwd: Float64Array, n: number, nc: number) {
  const post = new Float64Array(n * nc);
  for (let t = 0; t < n; t++) {
    const row = Array.from({ length: nc }, (_, c) => fwd[t * nc + c] + bwd[t * nc + c]);
    if (nc === 1) {
      post[t] = 1;
      continue;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (const x of row) if (x > max) max = x;
    let lse: number;
    if (!Number.isFinite(max)) lse = Math.log(row.reduce((s, x) => s + Math.exp(x), 0));
    else {
      let count = 0;
      let s = 0;
      for (const x of row) {
        if (x === max) count++;
        else s += Math.exp(x - max);
      }
      if (s !== 0) s = s / count;
      lse = Math.log1p(s) + Math.log(count) + max;
    }
    row.forEach((x, c) => {
      post[t * nc + c] = Math.exp(x - lse);
    });
  }
  return post;
}

/** Log-space values that reach every branch: ordinary, far apart (gaps over 40), equal, -inf, rarely NaN. */
const logValue = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -60, max: 5, noNaN: true }) },
  { weight: 3, arbitrary: fc.double({ min: -5e5, max: -800, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -1, -40, -40.5, -0.0625, 0.0625, 1e-300, -745.5, -746.5) },
  { weight: 1, arbitrary: fc.constant(Number.NEGATIVE_INFINITY) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);

/** A probability vector with occasional exact zeros. */
const probabilities = (n: number) =>
  fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.double({ min: 1e-12, max: 1, noNaN: true }) }, fc.constant(0)), {
      minLength: n,
      maxLength: n,
    })
    .map((w) => {
      const sum = w.reduce((a, b) => a + b, 0);
      return sum > 0 ? w.map((x) => x / sum) : w.map((_, i) => (i === 0 ? 1 : 0));
    });

const lattice = fc
  .record({ nc: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 1, max: 40 }) })
  .chain(({ nc, n }) =>
    fc.record({
      nc: fc.constant(nc),
      n: fc.constant(n),
      start: probabilities(nc),
      trans: fc.array(probabilities(nc), { minLength: nc, maxLength: nc }).map((rows) => rows.flat()),
      logFrame: fc.array(logValue, { minLength: n * nc, maxLength: n * nc }).map((v) => Float64Array.from(v)),
    }),
  );

describe("exact fast paths of the E-step", () => {
  it("forward, backward, posteriors and xi sums equal hmmlearn's plain loops bit for bit, with kernels and without", () => {
    fc.assert(
      fc.property(lattice, ({ nc, n, start, trans, logFrame }) => {
        const startprob = Float64Array.from(start);
        const transmat = Float64Array.from(trans);
        const logStart = start.map(Math.log);
        const logTrans = trans.map(Math.log);
        const fwdRef = referenceForward(logStart, logTrans, logFrame, n, nc);
        const bwdRef = referenceBackward(logTrans, logFrame, n, nc);
        for (const path of bothPaths(() => {
          const { fwdlattice, logProb } = forwardLog(startprob, transmat, logFrame, n);
          const bwd = backwardLog(startprob, transmat, logFrame, n);
          return { fwdlattice, logProb, bwd };
        })) {
          expect(bits(path.fwdlattice)).toBe(bits(fwdRef));
          expect(bits(path.bwd)).toBe(bits(bwdRef));
          expect(Object.is(path.logProb, referenceLogsumexp(Array.from(fwdRef.subarray((n - 1) * nc))))).toBe(true);
        }
        const postRef = referencePosteriors(fwdRef, bwdRef, n, nc);
        for (const post of bothPaths(() => computePosteriors(fwdRef, bwdRef, n, nc)))
          expect(bits(post)).toBe(bits(postRef));
        if (n > 1) {
          const xiRef = referenceLogXiSum(fwdRef, logTrans, bwdRef, logFrame, n, nc);
          for (const xi of bothPaths(() => computeLogXiSum(fwdRef, transmat, bwdRef, logFrame, n, nc)))
            expect(bits(xi)).toBe(bits(xiRef));
        }
      }),
      { seed: 1717, numRuns: 600 },
    );
  });

  it("log densities are the same with kernels and without, numpy's pairwise order included beyond 128 features", () => {
    fc.assert(
      fc.property(
        fc.record({
          nf: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constantFrom(128, 129, 200)),
          nc: fc.integer({ min: 1, max: 4 }),
          n: fc.integer({ min: 1, max: 12 }),
          seed: fc.integer(),
        }),
        ({ nf, nc, n, seed }) => {
          let s = seed >>> 0;
          const rand = (): number => {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            return s / 2 ** 32;
          };
          const model: GaussianHmmParams = {
            nComponents: nc,
            nFeatures: nf,
            startprob: new Float64Array(nc).fill(1 / nc),
            transmat: new Float64Array(nc * nc).fill(1 / nc),
            means: Float64Array.from({ length: nc * nf }, () => (rand() - 0.5) * 6),
            covars: Float64Array.from({ length: nc * nf }, () => (rand() < 0.05 ? 0 : rand() * 3)),
          };
          const X = Float64Array.from({ length: n * nf }, () => (rand() - 0.5) * 10);
          const [kernels, loops] = bothPaths(() => computeLogLikelihood(model, X, n));
          expect(bits(kernels)).toBe(bits(loops));
          // the first frame of the first component, summed independently in numpy's order
          const terms = Array.from({ length: nf }, (_, f) => {
            const v = Math.max(model.covars[f], 2.2250738585072014e-308);
            return ((X[f] - model.means[f]) * (X[f] - model.means[f])) / v;
          });
          const logs = Array.from({ length: nf }, (_, f) =>
            Math.log(Math.max(model.covars[f], 2.2250738585072014e-308)),
          );
          const expected =
            -0.5 * (nf * 1.8378770664093453 + pairwiseSum(logs, 0, nf, 1) + pairwiseSum(terms, 0, nf, 1));
          expect(Object.is(loops[0], expected)).toBe(true);
        },
      ),
      { seed: 2024, numRuns: 150 },
    );
  });
});

describe("kernels and plain loops give the same fits", () => {
  it("k-means: same centers, labels and inertia", () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 8, max: 150 }),
          nf: fc.integer({ min: 1, max: 7 }),
          k: fc.integer({ min: 1, max: 5 }),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        ({ n, nf, k, seed }) => {
          const X = Float64Array.from({ length: n * nf }, (_, i) => (Math.sin(i * 12.9898 + seed) * 43758.5453) % 3);
          const [a, b] = bothPaths(() => kmeans(X, n, nf, k, { randomState: seed, nInit: 3 }));
          expect(bits(a.centers)).toBe(bits(b.centers));
          expect([...a.labels]).toEqual([...b.labels]);
          expect(Object.is(a.inertia, b.inertia)).toBe(true);
        },
      ),
      { seed: 99, numRuns: 60 },
    );
  });

  it("GaussianHMM: same parameters, history and convergence on regime data", () => {
    const n = 400;
    const d = 3;
    const X = new Float64Array(n * d);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) X[i * d + j] = (Math.floor(i / 70) % 3) * 1.7 - 1 + Math.sin(i * 7.1 + j * 3.3) * 0.6;
    for (const nComponents of [2, 3, 4]) {
      const [a, b] = bothPaths(() => fitGaussianHmm(X, n, d, { nComponents, nIter: 40, randomState: 42 }));
      expect(a.history).toEqual(b.history);
      expect(a.converged).toBe(b.converged);
      for (const key of ["startprob", "transmat", "means", "covars"] as const)
        expect(bits(a.model[key])).toBe(bits(b.model[key]));
    }
  });
});
