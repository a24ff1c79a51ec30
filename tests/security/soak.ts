/**
 * The hostile-input properties of tests/security on thousands of cases (npm test runs a few hundred):
 * `npx tsx tests/security/soak.ts [--cases 2000] [--seed N]`. Prints the calls made, the exit codes seen and
 * the slowest call; exits 1 with fast-check's counterexample on the first broken promise.
 */
import "../helpers/isolate-state.js";
import fc from "fast-check";
import {
  createFigures,
  manifestProperty,
  planProperty,
  recordProperty,
  type SoakFigures,
  treeProperty,
} from "./hostile-properties.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const cases = arg("--cases", 2000);
const seed = arg("--seed", Date.now() % 1_000_000);
// Shares of the cases: manifests are the widest input, records and plans the deepest, trees the slowest.
const shares: [string, (figures: SoakFigures) => fc.IAsyncProperty<never>, number][] = [
  ["manifests", manifestProperty as never, 0.4],
  ["plans", planProperty as never, 0.2],
  ["records", recordProperty as never, 0.2],
  ["trees", treeProperty as never, 0.2],
];

process.stdout.write(`seed ${seed}, ${cases} cases\n`);
const started = performance.now();
let failed = false;
for (const [name, property, share] of shares) {
  const figures = createFigures();
  const numRuns = Math.round(cases * share);
  const t0 = performance.now();
  const result = await fc.check(property(figures), { numRuns, seed });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const codes = Object.entries(figures.codes)
    .map(([code, n]) => `exit ${code}: ${n}`)
    .join(", ");
  process.stdout.write(
    `${name}: ${numRuns} cases, ${figures.calls} calls in ${seconds} s (${codes}); slowest ${Math.round(figures.slowestMs)} ms: graft ${figures.slowest}\n`,
  );
  if (result.failed) {
    failed = true;
    process.stdout.write(`${name} FAILED: ${fc.defaultReportMessage(result)}\n`);
  }
}
process.stdout.write(
  `${failed ? "FAILED" : "all promises held"} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
);
process.exit(failed ? 1 : 0);
