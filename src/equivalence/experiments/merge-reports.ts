import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";
import { InvalidInputError } from "../../shared/errors.js";
import type { EquivReport, UnitResult } from "./experiment-types.js";

// The fields a merge reads; the rest of each unit is carried over as it is.
const unitSchema = z.looseObject({
  experiment: z.string(),
  kind: z.enum(["command", "module"]),
  input: z.string().nullable(),
  id: z.string(),
  status: z.enum(["equal", "different", "error"]),
  message: z.string(),
  outputs: z.array(z.looseObject({ file: z.string(), equal: z.boolean() })),
  stderr: z.looseObject({}),
});

const reportSchema = z.looseObject({
  manifest: z.string(),
  root: z.string(),
  shard: z.object({ index: z.number().int(), count: z.number().int() }).nullable(),
  mode: z.enum(["compare", "record", "calibrate"]),
  units: z.array(unitSchema),
  recorded: z.array(z.string()),
  equal: z.boolean(),
});

/** Reads every `*.json` report of `folder` (the `graft equiv --json` output of each shard), sorted by name. */
export async function readShardReports(folder: string): Promise<{ file: string; report: EquivReport }[]> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    throw new InvalidInputError(
      `--merge-reports ${folder}: ${error.code === "ENOENT" ? "no such folder" : error.message}`,
    );
  });
  const files = names.filter((name) => name.endsWith(".json")).sort();
  if (files.length === 0) throw new InvalidInputError(`--merge-reports ${folder}: no .json reports in it`);
  const reports: { file: string; report: EquivReport }[] = [];
  for (const name of files) {
    const file = path.join(folder, name);
    reports.push({ file, report: parseShardReport(file, await readFile(file, "utf8")) });
  }
  return reports;
}

/** Validates one shard report's JSON; a wrong one is bad input named by file, field and reason. */
export function parseShardReport(file: string, text: string): EquivReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${file}: not JSON (${(error as Error).message})`);
  }
  const result = reportSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("");
    throw new InvalidInputError(
      `${file}: ${field.replace(/^\./, "") || "(report)"}: ${issue.message} (expected the JSON of graft equiv --json)`,
    );
  }
  return value as EquivReport;
}

/** Merges shard reports into the report one unsharded run would have given: units by id, equal when all are. */
export function mergeEquivReports(shards: readonly { file: string; report: EquivReport }[]): EquivReport {
  const first = shards[0]!;
  const units = new Map<string, UnitResult>();
  for (const { file, report } of shards) {
    if (report.mode !== first.report.mode)
      throw new InvalidInputError(`${file}: mode: ${report.mode}, but ${first.file} is ${first.report.mode}`);
    if (report.manifest !== first.report.manifest)
      throw new InvalidInputError(
        `${file}: manifest: ${report.manifest}, but ${first.file} ran ${first.report.manifest}`,
      );
    for (const unit of report.units) {
      if (units.has(unit.id))
        throw new InvalidInputError(`${file}: units: ${unit.id} is in another shard's report too`);
      units.set(unit.id, unit);
    }
  }
  // A shard that never reported would otherwise pass unseen.
  const count = first.report.shard?.count;
  if (count !== undefined) {
    const seen = new Set(shards.map((s) => (s.report.shard?.count === count ? s.report.shard.index : -1)));
    const missing = Array.from({ length: count }, (_v, i) => i + 1).filter((index) => !seen.has(index));
    if (missing.length > 0 || seen.has(-1))
      throw new InvalidInputError(
        `--merge-reports: shards of ${count} expected, ${missing.length > 0 ? `missing ${missing.map((i) => `${i}/${count}`).join(", ")}` : "found one of another count"}`,
      );
  }
  const merged = [...units.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    manifest: first.report.manifest,
    root: first.report.root,
    shard: null,
    mode: first.report.mode,
    units: merged,
    recorded: shards.flatMap((s) => s.report.recorded),
    equal: merged.every((unit) => unit.status === "equal"),
  };
}
