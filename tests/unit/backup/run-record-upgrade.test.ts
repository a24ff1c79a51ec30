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
        steps: [{ index: 0, operation: 0, action: "mkdir", changes: [change] }],
      }),
    );
    writeFileSync(getJournalPath(layout, id), '{"step":0,"at":"x"}\n{"end":"applied","at":"y"}\n');
    const record = await readRunRecord(nodeFsPort, layout, id);
    expect(record?.actions).toEqual([{ index: 0, operation: 0, kind: "mkdir", changes: [change] }]);
    expect(record).not.toHaveProperty("steps");
    const journal = await readJournal(nodeFsPort, layout, id);
    expect([...journal.actions]).toEqual([0]);
    expect(journal.end).toBe("applied");
  });
});
