import { randomBytes } from "node:crypto";
import { isErrorCode, type FsPort } from "../shared/fs-port.js";
import { writeFileAtomic } from "../shared/atomic-write.js";
import { InvalidInputError } from "../shared/errors.js";
import { getRecordPath, getRunDir, type GraftLayout } from "./layout.js";
import { readJournal } from "./journal.js";
import type { RunAction, RunRecord, RunSummary } from "./types.js";

const runIdPattern = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;

/** A new run id: UTC timestamp to the millisecond (sorts by time) plus 6 random hex digits. */
export function createRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(".", "");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

/** True when `value` looks like a run id. */
export function isRunId(value: string): boolean {
  return runIdPattern.test(value);
}

/** Writes a run record atomically and durably (temp + fsync + rename + folder fsync). */
export async function writeRunRecord(fs: FsPort, layout: GraftLayout, record: RunRecord): Promise<void> {
  const dir = getRunDir(layout, record.id);
  await fs.mkdir(dir, { recursive: true });
  await writeFileAtomic(fs, getRecordPath(layout, record.id), JSON.stringify(record) + "\n", 0o644);
  await fs.fsyncPath(dir);
}

/** Reads a run record, or undefined when the run folder has none (a run that died before writing it). */
export async function readRunRecord(fs: FsPort, layout: GraftLayout, runId: string): Promise<RunRecord | undefined> {
  try {
    return upgradeRecord(JSON.parse((await fs.readFile(getRecordPath(layout, runId))).toString("utf8")));
  } catch (error) {
    if (isErrorCode(error, "ENOENT") || isErrorCode(error, "ENOTDIR")) return undefined;
    throw error;
  }
}

/** A record written before actions had their name (`steps`, each with an `action` field) reads as one written now. */
function upgradeRecord(
  raw: RunRecord & { steps?: (Omit<RunAction, "kind"> & { action: RunAction["kind"] })[] },
): RunRecord {
  if (raw.actions !== undefined || raw.steps === undefined) return raw;
  const { steps, ...rest } = raw;
  return { ...rest, actions: steps.map(({ action, ...step }) => ({ ...step, kind: action })) };
}

/** Reads a run record or throws the "unknown run id" error (exit 2). */
export async function readRunRecordOrThrow(fs: FsPort, layout: GraftLayout, runId: string): Promise<RunRecord> {
  const record = isRunId(runId) ? await readRunRecord(fs, layout, runId) : undefined;
  if (!record) throw new InvalidInputError(`unknown run id "${runId}" (see graft history)`);
  return record;
}

/** Ids of every run folder, oldest first. */
export async function listRunIds(fs: FsPort, layout: GraftLayout): Promise<string[]> {
  try {
    return (await fs.readdir(layout.runs)).filter(isRunId).sort();
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return [];
    throw error;
  }
}

/** Summarizes a run: its record plus journal progress; `isLive(pid, host)` tells whether its owner still runs. */
export async function summarizeRun(
  fs: FsPort,
  layout: GraftLayout,
  record: RunRecord,
  isLive: (pid: number, host: string) => boolean,
): Promise<RunSummary> {
  const journal = await readJournal(fs, layout, record.id);
  const interrupted = record.status === "running" && journal.end === undefined && !isLive(record.pid, record.host);
  return { record, journaled: journal.actions.size, interrupted };
}

/** Every run with a record, newest first. */
export async function listRuns(
  fs: FsPort,
  layout: GraftLayout,
  isLive: (pid: number, host: string) => boolean,
): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  for (const id of (await listRunIds(fs, layout)).reverse()) {
    const record = await readRunRecord(fs, layout, id);
    if (record) summaries.push(await summarizeRun(fs, layout, record, isLive));
  }
  return summaries;
}

/** The status to show: "interrupted" for a running record nobody owns any more. */
export function getDisplayStatus(summary: RunSummary): string {
  if (summary.interrupted) return "interrupted";
  const partial = summary.record.status === "applied" && summary.record.rollbacks.some((r) => r.paths);
  return partial ? "applied (partly rolled back)" : summary.record.status;
}
