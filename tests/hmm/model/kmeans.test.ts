import { describe, expect, it } from "vitest";
import {
  fitStandardScaler,
  kmeans,
  kmeansPlusPlusInit,
  transformStandardScaler,
} from "../../../fixtures/hmm-pipeline/main.js";
import { loadModelFixture, maxAbsoluteDifference } from "./load-fixture.js";

interface KMeansCase {
  name: string;
  n_samples: number;
  n_features: number;
  n_clusters: number;
  random_state: number;
  n_init: number;
  X: number[];
  centers: number[];
  labels: number[];
  inertia: number;
  n_iter: number;
}
interface KMeansFixture {
  sklearn_version: string;
  kmeans: KMeansCase[];
  kmeans_plusplus: {
    n_samples: number;
    n_features: number;
    X: number[];
    cases: { n_clusters: number; random_state: number; indices: number[] }[];
  };
  standard_scaler: {
    n_samples: number;
    n_features: number;
    X: number[];
    mean: number[];
    scale: number[];
    transformed: number[];
  };
}

const ref = loadModelFixture<KMeansFixture>("kmeans.json");

describe("kmeans against scikit-learn KMeans (recorded)", () => {
  for (const c of ref.kmeans) {
    it(c.name, () => {
      const got = kmeans(Float64Array.from(c.X), c.n_samples, c.n_features, c.n_clusters, {
        randomState: c.random_state,
        nInit: c.n_init,
      });
      expect(Array.from(got.labels)).toEqual(c.labels);
      expect(maxAbsoluteDifference(got.centers, c.centers)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(got.inertia - c.inertia) / c.inertia).toBeLessThanOrEqual(1e-12);
      expect(got.nIter).toBe(c.n_iter);
    });
  }

  it("a different random_state changes the k-means++ draws", () => {
    const c = ref.kmeans[1];
    const X = Float64Array.from(c.X);
    const a = kmeans(X, c.n_samples, c.n_features, c.n_clusters, { randomState: 42, nInit: 1 });
    const b = kmeans(X, c.n_samples, c.n_features, c.n_clusters, { randomState: 3, nInit: 1 });
    expect(Array.from(a.centers)).not.toEqual(Array.from(b.centers));
  });

  it("refuses fewer samples than clusters", () => {
    expect(() => kmeans(new Float64Array(4), 2, 2, 3)).toThrow(/n_samples=2 should be >= n_clusters=3/);
  });
});

describe("k-means++ seeding against sklearn.cluster.kmeans_plusplus (recorded)", () => {
  const pp = ref.kmeans_plusplus;
  for (const c of pp.cases) {
    it(`picks the same rows for k=${c.n_clusters}, random_state=${c.random_state}`, () => {
      const got = kmeansPlusPlusInit(
        Float64Array.from(pp.X),
        pp.n_samples,
        pp.n_features,
        c.n_clusters,
        c.random_state,
      );
      expect(Array.from(got.indices)).toEqual(c.indices);
      expect(Array.from(got.centers.subarray(0, pp.n_features))).toEqual(
        pp.X.slice(c.indices[0] * pp.n_features, (c.indices[0] + 1) * pp.n_features),
      );
    });
  }
});

describe("StandardScaler against scikit-learn (recorded)", () => {
  const s = ref.standard_scaler;
  it("fits mean and population std bit for bit, scale 1 for a constant column", () => {
    const params = fitStandardScaler(Float64Array.from(s.X), s.n_samples, s.n_features);
    expect(Array.from(params.mean)).toEqual(s.mean);
    expect(Array.from(params.scale)).toEqual(s.scale);
    expect(params.scale[3]).toBe(1);
  });

  it("transforms as (X - mean) / scale", () => {
    const X = Float64Array.from(s.X);
    const params = fitStandardScaler(X, s.n_samples, s.n_features);
    expect(Array.from(transformStandardScaler(params, X, s.n_samples, s.n_features))).toEqual(s.transformed);
  });
});
