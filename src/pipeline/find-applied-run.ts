import { existsSync } from "node:fs";
import path from "node:path";
import { listRunHistory } from "../backup/run-history.js";
import type { RunSummary } from "../backup/types.js";
import { loadManifest } from "../manifest/load.js";

/**
 * The run that already applied a manifest whose moves' sources are gone: the newest applied run (not rolled back)
 * of the same manifest bytes, when every move's `to` exists and no `from` does. Undefined otherwise, so the
 * caller reports the manifest's own error.
 */
export async function findAppliedRun(manifestFile: string): Promise<RunSummary | undefined> {
  const manifest = await loadManifest(manifestFile, { requireSources: false }).catch(() => undefined);
  if (!manifest || manifest.data.moves.length === 0) return undefined;
  const at = (p: string) => existsSync(path.join(manifest.root, p));
  if (!manifest.data.moves.every((move) => !at(move.from) && at(move.to))) return undefined;
  const runs = await listRunHistory(manifest.root);
  return runs.find((run) => run.record.status === "applied" && run.record.manifest.sha256 === manifest.sha256);
}
