import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { linkSync, lstatSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CheckFailedError, RefusedError } from "../shared/errors.js";
import { isErrorCode } from "../shared/fs-port.js";

/** Prefix of a record's signature: the algorithm, so another one can follow. */
const scheme = "hmac-sha256:";

/**
 * The folder holding this user's record key, outside every repository: `$GRAFT_STATE_DIR`, else
 * `$XDG_STATE_HOME/graft`, else `~/.local/state/graft`.
 */
export function getStateDir(): string {
  if (process.env.GRAFT_STATE_DIR) return path.resolve(process.env.GRAFT_STATE_DIR);
  const base = process.env.XDG_STATE_HOME || path.join(os.homedir(), ".local", "state");
  return path.join(base, "graft");
}

const keys = new Map<string, Buffer>();

/**
 * This user's key for signing run records: 32 random bytes in `<state dir>/record-key`, created on first use
 * (folder 0700, file 0600). A key readable or writable by others is refused, since whoever can write it can
 * forge records. Without `create`, a missing key is undefined (nothing was signed here yet).
 */
export function loadRecordKey(create: boolean): Buffer | undefined {
  const file = path.join(getStateDir(), "record-key");
  const cached = keys.get(file);
  if (cached) return cached;
  let key = readKey(file);
  if (!key && create) key = createKey(file);
  if (key) keys.set(file, key);
  return key;
}

function readKey(file: string): Buffer | undefined {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(file);
  } catch (error) {
    if (isErrorCode(error, "ENOENT") || isErrorCode(error, "ENOTDIR")) return undefined;
    throw keyError(file, error);
  }
  const uid = process.getuid?.();
  if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o077) !== 0)
    throw new RefusedError(
      `the record key ${file} is not a private file of yours (it must be a file owned by you with mode 0600); remove it to make a new one (records it signed will then need --trust-records)`,
    );
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  if (key.length < 32) throw new RefusedError(`the record key ${file} is damaged; remove it to make a new one`);
  return key;
}

function createKey(file: string): Buffer {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Written whole under a temp name, then linked into place: a concurrent graft reads all of it or none.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(temp, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    try {
      linkSync(temp, file);
    } catch (error) {
      if (!isErrorCode(error, "EEXIST")) throw error;
    } finally {
      unlinkSync(temp);
    }
  } catch (error) {
    throw keyError(file, error);
  }
  return readKey(file)!;
}

function keyError(file: string, error: unknown): CheckFailedError {
  const why = error instanceof Error ? error.message : String(error);
  return new CheckFailedError(
    `cannot keep the key that signs run records at ${file} (${why}); set GRAFT_STATE_DIR to a private folder of yours`,
  );
}

/** The signature of a record's JSON text under this user's key (created when missing). */
export function signRecordText(text: string): string {
  return scheme + createHmac("sha256", loadRecordKey(true)!).update(text).digest("hex");
}

/** True when `signature` is this user's signature of `text` (false when this user has no key yet). */
export function isSignedByThisUser(text: string, signature: unknown): boolean {
  if (typeof signature !== "string" || !signature.startsWith(scheme)) return false;
  const key = loadRecordKey(false);
  if (!key) return false;
  const expected = createHmac("sha256", key).update(text).digest();
  const given = Buffer.from(signature.slice(scheme.length), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
