/** What one path is on disk: absent, a file (content sha256 + permission bits), a symlink or a folder. */
export type EntryState =
  | { kind: "absent" }
  | {
      kind: "file";
      sha256: string;
      mode: number;
      size: number;
      /** Set before a run only for a file with other hard links: its inode and link count, so rollback can rejoin them. */
      ino?: number;
      links?: number;
    }
  | { kind: "symlink"; target: string }
  | { kind: "dir"; mode: number };

/** One path's change made by an action. A file `before` is always backed up as object `before.sha256`. */
export interface PathChange {
  path: string;
  before: EntryState;
  after: EntryState;
}

/** One action of a run: a primitive tree write, in execution order; plan operations expand into one or more. */
export interface RunAction {
  index: number;
  /** Index of the plan operation this action belongs to. */
  operation: number;
  kind: "mkdir" | "rename" | "put" | "remove" | "rmdir";
  changes: PathChange[];
}

/**
 * Lifecycle of a run. "running" on disk without a live owner means the run was interrupted. "needs-review": written
 * with conflict markers (--accept-markers); its checks run once the markers are resolved (graft verify or apply
 * --continue), which makes it "applied".
 */
export type RunStatus = "running" | "applied" | "needs-review" | "rolled-back" | "failed" | "interrupted";

/** A run written with conflict markers for review: its post-write checks wait until the markers are resolved. */
export interface RunReview {
  /** Files the run wrote with conflict markers (root-relative). */
  markers: string[];
  /** Names of the post-write checks deferred to the review. */
  checks: string[];
  /** 0-based manifest step the run applied, for staged migrations. */
  step?: number;
  /** When the review found the markers resolved and the checks passing. */
  finishedAt?: string;
  /** Each marker file's state when the review finished (the user's resolution). */
  resolved?: Record<string, EntryState>;
}

/** One rollback performed on a run (full or partial). */
export interface RollbackEntry {
  at: string;
  /** Globs of a partial rollback; absent for a full one. */
  paths?: string[];
  /** Paths restored. */
  restored: string[];
  /** Files changed after the run that --force backed up (as objects) before overwriting them. */
  forcedBackups: { path: string; state: EntryState }[];
  /** Why it ran: "user", "failure", "interrupt". */
  reason: "user" | "failure" | "interrupt";
  /**
   * Files an automatic rollback left as they are because they changed after the run wrote them (each holds the
   * run's change and someone else's); `graft rollback --force` restores them, backing up what is there first.
   */
  leftAlone?: string[];
  /** Files the run meant to replace that someone changed in place before it did: never written, left as they are. */
  notWritten?: string[];
}

/** The audit trail of one `graft apply`. Written (fsynced) before the tree is touched. */
export interface RunRecord {
  format: "graft-run";
  version: 1;
  id: string;
  root: string;
  command: string[];
  /** The manifest applied; `text` when it has no file of its own (a `graft mv`). */
  manifest: { path: string; sha256: string; name: string; text?: string };
  planSha256: string;
  git: { head: string | null; dirty: boolean } | null;
  graftVersion: string;
  nodeVersion: string;
  platform: string;
  user: string;
  host: string;
  pid: number;
  startedAt: string;
  endedAt?: string;
  status: RunStatus;
  /** Why the run failed or was interrupted. */
  error?: string;
  actions: RunAction[];
  rollbacks: RollbackEntry[];
  /** Set when an automatic rollback failed: the tree still holds some of the run's changes. */
  rollbackPending?: boolean;
  /** Present when the run was written with conflict markers (status "needs-review" until the review finishes). */
  review?: RunReview;
}

/** One line of a run's journal: a completed action, or the end of the run. */
export type JournalLine = { action: number; at: string } | { end: RunStatus; at: string };

/** A run as listed: its record plus what its journal says. */
export interface RunSummary {
  record: RunRecord;
  /** Actions the journal marks complete. */
  journaled: number;
  /** True when the journal has no end line and no live process owns the run. */
  interrupted: boolean;
  /** True when the record carries this user's signature (written by graft, on this machine, by this user). */
  trusted: boolean;
}

/** A run folder whose record cannot be used (unreadable, malformed, or naming paths outside the root). */
export interface RecordProblem {
  runId: string;
  problem: string;
}
