import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  fitGaussianHmm,
  fitStandardScaler,
  predictViterbi,
  scoreHmm,
  transformStandardScaler,
} from "../../../fixtures/hmm-pipeline/main.js";
import { loadModelFixture, maxAbsoluteDifference, maxRelativeDifference, type HmmFitRecord } from "./load-fixture.js";

interface BtcReference extends HmmFitRecord {
  features: string[];
  float32_features: string[];
  scaler_mean: number[];
  scaler_scale: number[];
}

const ref = loadModelFixture<BtcReference>("btc-features-hmm.json");
const csvPath = fileURLToPath(new URL("../../../fixtures/hmm-pipeline/original/BTC.hmm_states.csv", import.meta.url));

/** The 11 model features of the original's output file, float32 columns re-rounded to float32. */
function readFeatures(): { X: Float64Array; nSamples: number; fileStates: number[] } {
  const lines = readFileSync(csvPath, "utf8").trim().split("\n");
  const header = lines[0].split(",");
  // The features are the last columns of that name (the input also has an upper-case "ADX").
  const columns = ref.features.map((name) => header.lastIndexOf(name));
  const stateColumn = header.indexOf("state");
  const float32 = ref.features.map((name) => ref.float32_features.includes(name));
  const rows = lines.slice(1).map((line) => line.split(","));
  const nf = columns.length;
  const X = new Float64Array(rows.length * nf);
  rows.forEach((cells, i) => {
    columns.forEach((col, j) => {
      const v = Number(cells[col]);
      X[i * nf + j] = float32[j] ? Math.fround(v) : v;
    });
  });
  return { X, nSamples: rows.length, fileStates: rows.map((cells) => Number(cells[stateColumn])) };
}

describe("model on the original's BTC features (hmmlearn 0.3.3 recorded)", () => {
  it("scales, fits and decodes to hmmlearn's result and the file's state column", () => {
    const { X, nSamples, fileStates } = readFeatures();
    const nf = ref.features.length;
    const scaler = fitStandardScaler(X, nSamples, nf);
    // Bit for bit: this is what pins the column sums to numpy's pairwise order (Fortran-ordered X).
    expect(Array.from(scaler.mean)).toEqual(ref.scaler_mean);
    expect(Array.from(scaler.scale)).toEqual(ref.scaler_scale);
    const Xs = transformStandardScaler(scaler, X, nSamples, nf);

    const fit = fitGaussianHmm(Xs, nSamples, nf, { nComponents: 3, nIter: 100, randomState: 42 });
    expect(fit.iterations).toBe(ref.iterations);
    expect(fit.converged).toBe(ref.converged);
    expect(maxRelativeDifference(fit.history, ref.history)).toBeLessThanOrEqual(1e-12);
    expect(maxAbsoluteDifference(fit.model.transmat, ref.transmat)).toBeLessThanOrEqual(1e-10);
    expect(maxAbsoluteDifference(fit.model.means, ref.means)).toBeLessThanOrEqual(1e-10);
    expect(maxRelativeDifference(fit.model.covars, ref.covars)).toBeLessThanOrEqual(1e-10);
    expect(Math.abs(scoreHmm(fit.model, Xs, nSamples) - ref.score) / Math.abs(ref.score)).toBeLessThanOrEqual(1e-12);

    const states = Array.from(predictViterbi(fit.model, Xs, nSamples));
    expect(states).toEqual(ref.states);
    // The file was written with --prevent-lookahead: states shifted down one row, row 0 repeating row 1.
    const shifted = [states[0], ...states.slice(0, -1)];
    expect(shifted).toEqual(fileStates);
  });
});
