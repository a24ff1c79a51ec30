import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readJournal } from "../../../src/backup/journal.js";
import { getJournalPath, getLayout, getRecordPath, getRunDir } from "../../../src/backup/layout.js";
import { readRunRecord } from "../../../src/backup/run-record.js";
import { nodeFsPort } from "../../../src/shared/fs-port.js";

describe("records written before actions had their name", () => {
  it("read with `steps` as actions and each step's `action` as its kind, journal lines included", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "graft-old-record-"));
    const layout = getLayout(root);
    const id = "20260101T000000000Z-abcdef";
    mkdirSync(getRunDir(layout, id), { recursive: true });
    const change = { path: "a.ts", before: { kind: "absent" }, after: { kind: "dir", mode: 0o755 } };
    writeFileSync(
      getRecordPath(layout, id),
      JSON.stringify({
        format: "graft-run",
        version: 1,
        id,
        root,
        command: ["graft", "apply", "m.yaml"],
        manifest: { path: path.join(root, "m.yaml"), sha256: "0".repeat(64), name: "old" },
        planSha256: "0".repeat(64),
        git: null,
        graftVersion: "0.0.9",
        nodeVersion: "v20.0.0",
        platform: "linux-x64",
        user: "someone",
        host: "somewhere",
        pid: 1,
        startedAt: "2026-01-01T00:00:00.000Z",
        status: "applied",
        steps: [{ index: 0, operation: 0, action: "mkdir", changes: [change] }],
        rollbacks: [],
      }),
    );
    writeFileSync(getJournalPath(layout, id), '{"step":0,"at":"x"}\n{"end":"applied","at":"y"}\n');
    const read = await readRunRecord(nodeFsPort, layout, id);
    if (!read || "problem" in read) throw new Error(`expected a record, got ${JSON.stringify(read)}`);
    expect(read.record.actions).toEqual([{ index: 0, operation: 0, kind: "mkdir", changes: [change] }]);
    expect(read.record).not.toHaveProperty("steps");
    // Written before records were signed: readable, but rollback needs --trust-records for it.
    expect(read.trusted).toBe(false);
    const journal = await readJournal(nodeFsPort, layout, id);
    expect([...journal.actions]).toEqual([0]);
    expect(journal.end).toBe("applied");
  });
});
