import { describe, expect, it } from "vitest";
import {
  backwardLog,
  computeLogLikelihood,
  computeLogXiSum,
  computePosteriors,
  fitGaussianHmm,
  forwardLog,
  isEmConverged,
  predictViterbi,
  scoreHmm,
  viterbi,
  type GaussianHmmParams,
} from "../../../fixtures/hmm-pipeline/main.js";

/** Every state path of length T over nc states. */
function allPaths(nc: number, T: number): number[][] {
  if (T === 0) return [[]];
  return allPaths(nc, T - 1).flatMap((p) => Array.from({ length: nc }, (_, s) => [...p, s]));
}

/** Gaussian density of x under N(mean, variance), written out independently of the module. */
function density(x: number, mean: number, variance: number): number {
  return Math.exp(-((x - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
}

const model: GaussianHmmParams = {
  nComponents: 3,
  nFeatures: 2,
  startprob: Float64Array.from([0.5, 0.3, 0.2]),
  transmat: Float64Array.from([0.8, 0.15, 0.05, 0.1, 0.7, 0.2, 0.25, 0.25, 0.5]),
  means: Float64Array.from([0, 0, 2, -1, -1.5, 3]),
  covars: Float64Array.from([1, 0.5, 0.7, 1.2, 2, 0.3]),
};
const X = Float64Array.from([0.1, -0.2, 1.8, -0.7, 2.4, -1.3, -1.0, 2.6, -1.7, 3.3, 0.3, 0.4]);
const T = X.length / 2;

/** Joint probability p(path, X) by direct multiplication. */
function jointProbability(path: number[]): number {
  let p = model.startprob[path[0]];
  path.forEach((s, t) => {
    if (t > 0) p *= model.transmat[path[t - 1] * 3 + s];
    for (let f = 0; f < 2; f++) p *= density(X[t * 2 + f], model.means[s * 2 + f], model.covars[s * 2 + f]);
  });
  return p;
}

const paths = allPaths(3, T);
const joints = paths.map(jointProbability);
const evidence = joints.reduce((a, b) => a + b, 0);

describe("HMM algorithms on a tiny model, checked by enumerating all 3^6 paths", () => {
  const logFrame = computeLogLikelihood(model, X, T);

  it("emission log densities are diagonal Gaussians", () => {
    expect(
      computeLogLikelihood(
        { ...model, means: new Float64Array(6), covars: new Float64Array(6).fill(1) },
        new Float64Array(2),
        1,
      )[0],
    ).toBeCloseTo(-Math.log(2 * Math.PI), 15);
    for (let t = 0; t < T; t++) {
      for (let s = 0; s < 3; s++) {
        const direct =
          density(X[t * 2], model.means[s * 2], model.covars[s * 2]) *
          density(X[t * 2 + 1], model.means[s * 2 + 1], model.covars[s * 2 + 1]);
        expect(logFrame[t * 3 + s]).toBeCloseTo(Math.log(direct), 12);
      }
    }
  });

  it("forward log-likelihood and score equal the log of the summed path probabilities", () => {
    const { logProb, fwdlattice } = forwardLog(model.startprob, model.transmat, logFrame, T);
    expect(logProb).toBeCloseTo(Math.log(evidence), 12);
    expect(scoreHmm(model, X, T)).toBe(logProb);
    // alpha_t(s) = p(x_0..x_t, s_t = s): sum over the prefixes of all paths.
    const prefix = allPaths(3, 3).map((p) => {
      let v = model.startprob[p[0]];
      p.forEach((s, t) => {
        if (t > 0) v *= model.transmat[p[t - 1] * 3 + s];
        v *= Math.exp(logFrame[t * 3 + s]);
      });
      return { last: p[2], v };
    });
    for (let s = 0; s < 3; s++) {
      const alpha = prefix.filter((q) => q.last === s).reduce((a, q) => a + q.v, 0);
      expect(fwdlattice[2 * 3 + s]).toBeCloseTo(Math.log(alpha), 12);
    }
  });

  it("posteriors and expected transition counts equal the path marginals", () => {
    const { fwdlattice } = forwardLog(model.startprob, model.transmat, logFrame, T);
    const bwd = backwardLog(model.startprob, model.transmat, logFrame, T);
    expect(Array.from(bwd.subarray((T - 1) * 3))).toEqual([0, 0, 0]);
    const post = computePosteriors(fwdlattice, bwd, T, 3);
    const xi = computeLogXiSum(fwdlattice, model.transmat, bwd, logFrame, T, 3);
    for (let t = 0; t < T; t++) {
      for (let s = 0; s < 3; s++) {
        const marginal = paths.reduce((a, p, k) => (p[t] === s ? a + joints[k] : a), 0) / evidence;
        expect(post[t * 3 + s]).toBeCloseTo(marginal, 12);
      }
    }
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let expected = 0;
        paths.forEach((p, k) => {
          for (let t = 0; t + 1 < T; t++) if (p[t] === i && p[t + 1] === j) expected += joints[k];
        });
        expect(Math.exp(xi[i * 3 + j])).toBeCloseTo(expected / evidence, 12);
      }
    }
  });

  it("Viterbi returns the single most probable path and its log probability", () => {
    let best = 0;
    joints.forEach((v, k) => {
      if (v > joints[best]) best = k;
    });
    const decoded = viterbi(model.startprob, model.transmat, logFrame, T);
    expect(Array.from(decoded.stateSequence)).toEqual(paths[best]);
    expect(decoded.logProb).toBeCloseTo(Math.log(joints[best]), 12);
    expect(Array.from(predictViterbi(model, X, T))).toEqual(paths[best]);
  });
});

describe("Viterbi tie-breaking as hmmlearn's _hmmc", () => {
  it("takes the first argmax at the end and the larger index while backtracking", () => {
    // Checked against hmmlearn 0.3.3's _hmmc.viterbi: [2, 2, 2, 2, 0].
    const uniform = viterbi(new Float64Array(3).fill(1 / 3), new Float64Array(9).fill(1 / 3), new Float64Array(15), 5);
    expect(Array.from(uniform.stateSequence)).toEqual([2, 2, 2, 2, 0]);
  });

  it("breaks ties only where scores are equal", () => {
    // Frame 1 favours state 0; the other frames are ties. hmmlearn gives [1, 0, 1, 0].
    const logFrame = Float64Array.from([0.5, 0.5, 0.9, 0.1, 0.5, 0.5, 0.5, 0.5].map(Math.log));
    const out = viterbi(Float64Array.from([0.5, 0.5]), new Float64Array(4).fill(0.5), logFrame, 4);
    expect(Array.from(out.stateSequence)).toEqual([1, 0, 1, 0]);
    expect(out.logProb).toBeCloseTo(-4.957390779577444, 14);
  });
});

describe("ConvergenceMonitor semantics", () => {
  it("stops on a gain below tol, on a decrease, or at n_iter", () => {
    expect(isEmConverged([], 0, 1e-2)).toBe(true);
    expect(isEmConverged([-10], 100, 1e-2)).toBe(false);
    expect(isEmConverged([-10, -9], 100, 1e-2)).toBe(false);
    expect(isEmConverged([-10, -9.995], 100, 1e-2)).toBe(true);
    expect(isEmConverged([-10, -10.5], 100, 1e-2)).toBe(true);
    expect(isEmConverged([-10, -9, -8], 3, 1e-2)).toBe(true);
    // The gain must be strictly below tol: exactly tol keeps iterating.
    expect(isEmConverged([-1, -0.5], 100, 0.5)).toBe(false);
  });

  it("fitGaussianHmm honours n_iter and tol and keeps the whole history", () => {
    const data = Float64Array.from({ length: 80 }, (_, i) => Math.sin(i * 1.7) + (i % 20 < 10 ? 2 : -2));
    const one = fitGaussianHmm(data, 40, 2, { nComponents: 2, nIter: 1, randomState: 42 });
    expect(one.iterations).toBe(1);
    expect(one.converged).toBe(true);
    const capped = fitGaussianHmm(data, 40, 2, { nComponents: 2, nIter: 7, tol: -Infinity, randomState: 42 });
    expect(capped.history).toHaveLength(7);
    expect(capped.history[0]).toBe(one.history[0]);
    const loose = fitGaussianHmm(data, 40, 2, { nComponents: 2, nIter: 50, tol: Infinity, randomState: 42 });
    expect(loose.iterations).toBe(2);
    // The M-step always runs before the check, so even one iteration moves the parameters.
    expect(Array.from(one.model.means)).not.toEqual(
      Array.from(fitGaussianHmm(data, 40, 2, { nComponents: 2, nIter: 0, randomState: 42 }).model.means),
    );
  });
});
