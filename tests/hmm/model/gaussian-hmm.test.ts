import { describe, expect, it } from "vitest";
import {
  fitGaussianHmm,
  initGaussianHmm,
  predictViterbi,
  scoreHmm,
  type GaussianHmmParams,
} from "../../../fixtures/hmm-pipeline/main.js";
import { loadModelFixture, maxAbsoluteDifference, maxRelativeDifference, type HmmFitRecord } from "./load-fixture.js";

interface HmmCase extends HmmFitRecord {
  name: string;
  n_samples: number;
  n_features: number;
  n_components: number;
  n_iter: number;
  random_state: number;
  X: number[];
  init: { startprob: number[]; transmat: number[]; means: number[]; covars: number[] };
}

const ref = loadModelFixture<{ hmmlearn_version: string; cases: HmmCase[] }>("gaussian-hmm.json");

/** The recorded case's fitted parameters as a model. */
function recordedModel(c: HmmCase): GaussianHmmParams {
  return {
    nComponents: c.n_components,
    nFeatures: c.n_features,
    startprob: Float64Array.from(c.startprob),
    transmat: Float64Array.from(c.transmat),
    means: Float64Array.from(c.means),
    covars: Float64Array.from(c.covars),
  };
}

describe("GaussianHMM against hmmlearn 0.3.3 (recorded)", () => {
  for (const c of ref.cases) {
    describe(c.name, () => {
      const X = Float64Array.from(c.X);

      it("initialises like hmmlearn's _init (dirichlet, KMeans means, cov diagonal + min_covar)", () => {
        const init = initGaussianHmm(X, c.n_samples, c.n_features, {
          nComponents: c.n_components,
          randomState: c.random_state,
        });
        expect(maxRelativeDifference(init.startprob, c.init.startprob)).toBeLessThanOrEqual(1e-15);
        expect(maxRelativeDifference(init.transmat, c.init.transmat)).toBeLessThanOrEqual(1e-15);
        expect(maxAbsoluteDifference(init.means, c.init.means)).toBeLessThanOrEqual(1e-12);
        expect(maxRelativeDifference(init.covars, c.init.covars)).toBeLessThanOrEqual(1e-14);
      });

      it("runs EM to the same parameters, history and stopping point", () => {
        const fit = fitGaussianHmm(X, c.n_samples, c.n_features, {
          nComponents: c.n_components,
          nIter: c.n_iter,
          randomState: c.random_state,
        });
        expect(fit.iterations).toBe(c.iterations);
        expect(fit.converged).toBe(c.converged);
        expect(maxRelativeDifference(fit.history, c.history)).toBeLessThanOrEqual(1e-12);
        expect(maxAbsoluteDifference(fit.model.startprob, c.startprob)).toBeLessThanOrEqual(1e-10);
        expect(maxAbsoluteDifference(fit.model.transmat, c.transmat)).toBeLessThanOrEqual(1e-10);
        expect(maxAbsoluteDifference(fit.model.means, c.means)).toBeLessThanOrEqual(1e-10);
        expect(maxRelativeDifference(fit.model.covars, c.covars)).toBeLessThanOrEqual(1e-10);
        expect(Array.from(predictViterbi(fit.model, X, c.n_samples))).toEqual(c.states);
      });

      it("scores and decodes the recorded model like hmmlearn", () => {
        const model = recordedModel(c);
        expect(Math.abs(scoreHmm(model, X, c.n_samples) - c.score) / Math.abs(c.score)).toBeLessThanOrEqual(1e-14);
        expect(Array.from(predictViterbi(model, X, c.n_samples))).toEqual(c.states);
      });
    });
  }
});
