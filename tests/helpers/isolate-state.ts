import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// graft keeps a per-user key for signing run records under the user's state folder; tests (and every graft
// process they start, which inherits the environment) use a temp folder instead, never the real home.
process.env.GRAFT_STATE_DIR ??= mkdtempSync(path.join(os.tmpdir(), "graft-state-"));
