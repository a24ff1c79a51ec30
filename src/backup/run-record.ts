import { randomBytes } from "node:crypto";
import { isErrorCode, lstatOrUndefined, type FsPort } from "../shared/fs-port.js";
import { writeFileAtomic } from "../shared/atomic-write.js";
import { CheckFailedError, InvalidInputError } from "../shared/errors.js";
import { getRecordPath, getRunDir, type GraftLayout } from "./layout.js";
import { readJournal } from "./journal.js";
import { isSignedByThisUser, signRecordText } from "./record-key.js";
import { parseRunRecord } from "./run-record-schema.js";
import type { RecordProblem, RunRecord, RunSummary } from "./types.js";

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

/**
 * Writes a run record atomically and durably (temp + fsync + rename + folder fsync), signed with this user's
 * key: a record graft did not write, or one edited since, is then recognizable on read.
 */
export async function writeRunRecord(fs: FsPort, layout: GraftLayout, record: RunRecord): Promise<void> {
  const dir = getRunDir(layout, record.id);
  await fs.mkdir(dir, { recursive: true });
  const body = JSON.stringify(record);
  const signed = `{"signature":${JSON.stringify(signRecordText(body))},${body.slice(1)}`;
  await writeFileAtomic(fs, getRecordPath(layout, record.id), signed + "\n", 0o644);
  await fs.fsyncPath(dir);
}

/** A record as read: usable (and whether this user signed it), or why it cannot be used. */
export type RecordRead = { record: RunRecord; trusted: boolean } | { problem: string };

/**
 * Reads and checks a run record: undefined when the run folder has none (a run that died before writing it),
 * else the record (with whether this user's key signed it) or why it cannot be used: unreadable, malformed,
 * naming a path outside the root, or a run folder that is a symlink. Records written before actions had their
 * name (`steps`) read as ones written now.
 */
export async function readRunRecord(fs: FsPort, layout: GraftLayout, runId: string): Promise<RecordRead | undefined> {
  const folder = await lstatOrUndefined(fs, getRunDir(layout, runId));
  if (folder && !folder.isDirectory()) return { problem: "its run folder is not a folder (a symlink?)" };
  let text: string;
  try {
    const file = await lstatOrUndefined(fs, getRecordPath(layout, runId));
    if (!file) return undefined;
    if (!file.isFile()) return { problem: "run.json is not a file" };
    text = (await fs.readFile(getRecordPath(layout, runId))).toString("utf8");
  } catch (error) {
    if (isErrorCode(error, "ENOENT") || isErrorCode(error, "ENOTDIR")) return undefined;
    return { problem: `run.json cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: "run.json is not valid JSON (truncated or damaged)" };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { problem: "run.json is not a record" };
  const { signature, ...unsigned } = raw as Record<string, unknown>;
  const trusted = isSignedByThisUser(JSON.stringify(unsigned), signature);
  const parsed = parseRunRecord(upgradeRecord(unsigned));
  if ("problem" in parsed) return { problem: `run.json: ${parsed.problem}` };
  if (parsed.record.id !== runId) return { problem: `run.json names run ${parsed.record.id}, not ${runId}` };
  return { record: parsed.record, trusted };
}

/** A record written before actions had their name (`steps`, each with an `action` field) reads as one written now. */
function upgradeRecord(raw: Record<string, unknown>): Record<string, unknown> {
  if (raw.actions !== undefined || !Array.isArray(raw.steps)) return raw;
  const { steps, ...rest } = raw;
  return {
    ...rest,
    actions: (steps as unknown[]).map((step) => {
      if (typeof step !== "object" || step === null) return step;
      const { action, ...fields } = step as Record<string, unknown>;
      return { ...fields, kind: action };
    }),
  };
}

/**
 * Reads a run record, or throws: "unknown run id" (exit 2) when there is none, the problem (exit 1) when it
 * cannot be used.
 */
export async function readRunRecordOrThrow(
  fs: FsPort,
  layout: GraftLayout,
  runId: string,
): Promise<{ record: RunRecord; trusted: boolean }> {
  const read = isRunId(runId) ? await readRunRecord(fs, layout, runId) : undefined;
  if (!read) throw new InvalidInputError(`unknown run id "${runId}" (see graft history)`);
  if ("problem" in read) throw recordProblemError({ runId, problem: read.problem }, layout);
  return read;
}

/** The one-line error for a record that cannot be used (exit 1: a check found a problem). */
export function recordProblemError(problem: RecordProblem, layout: GraftLayout): CheckFailedError {
  return new CheckFailedError(
    `the record of run ${problem.runId} cannot be used: ${problem.problem} (${getRecordPath(layout, problem.runId)})`,
  );
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
  read: { record: RunRecord; trusted: boolean },
  isLive: (pid: number, host: string) => boolean,
): Promise<RunSummary> {
  const { record, trusted } = read;
  const journal = await readJournal(fs, layout, record.id);
  const interrupted = record.status === "running" && journal.end === undefined && !isLive(record.pid, record.host);
  return { record, journaled: journal.actions.size, interrupted, trusted };
}

/** Every run with a usable record, newest first, and the run folders whose record cannot be used. */
export async function readRuns(
  fs: FsPort,
  layout: GraftLayout,
  isLive: (pid: number, host: string) => boolean,
): Promise<{ runs: RunSummary[]; problems: RecordProblem[] }> {
  const runs: RunSummary[] = [];
  const problems: RecordProblem[] = [];
  for (const id of (await listRunIds(fs, layout)).reverse()) {
    const read = await readRunRecord(fs, layout, id);
    if (!read) continue;
    if ("problem" in read) problems.push({ runId: id, problem: read.problem });
    else runs.push(await summarizeRun(fs, layout, read, isLive));
  }
  return { runs, problems };
}

/** Every run with a usable record, newest first (see readRuns for the ones that cannot be used). */
export async function listRuns(
  fs: FsPort,
  layout: GraftLayout,
  isLive: (pid: number, host: string) => boolean,
): Promise<RunSummary[]> {
  return (await readRuns(fs, layout, isLive)).runs;
}

/** The status to show: "interrupted" for a running record nobody owns any more. */
export function getDisplayStatus(summary: RunSummary): string {
  if (summary.interrupted) return "interrupted";
  const partial = summary.record.status === "applied" && summary.record.rollbacks.some((r) => r.paths);
  return partial ? "applied (partly rolled back)" : summary.record.status;
}
