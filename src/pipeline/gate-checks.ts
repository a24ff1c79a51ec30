import type { PostWriteCheck } from "../model/post-write-check.js";
import { runEquivalence } from "../equivalence/experiments/run-experiments.js";
import type { EquivReport } from "../equivalence/experiments/experiment-types.js";
import type { Manifest } from "../model/manifest.js";
import { InvalidInputError } from "../shared/errors.js";

/** Makes the post-write checks for a step's `gate`: each named equivalence experiment must come out equal, or the step is rolled back. */
export function createGateChecks(
  manifest: Manifest,
  onReport?: (gate: string, report: EquivReport) => void,
): (names: readonly string[]) => PostWriteCheck[] {
  const known = new Set((manifest.data.equivalence ?? []).map((e) => e.name));
  return (names) =>
    names.map((name): PostWriteCheck => {
      if (!known.has(name))
        throw new InvalidInputError(`${manifest.path}: gate: no equivalence experiment named "${name}"`);
      return {
        name: `gate ${name}`,
        async afterWrite() {
          const report = await runEquivalence(manifest, { only: [name] });
          onReport?.(name, report);
          const bad = report.units.find((u) => u.status !== "equal");
          if (!bad) return { ok: true, details: `${report.units.length} unit(s) equal` };
          return { ok: false, message: `gate ${name}: ${bad.id} ${bad.status}: ${bad.message}` };
        },
      };
    });
}
