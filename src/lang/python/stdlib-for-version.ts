import { stdlibModules311 } from "./stdlib-modules-3-11.js";

// Differences from 3.11 per "What's New": 3.12 removed distutils, imp, asyncore/asynchat, smtpd (PEP 632, 594 early);
// 3.13 removed the PEP 594 "dead batteries" and lib2to3. tomllib first shipped in 3.11.
const removedIn: Record<string, readonly string[]> = {
  "3.12": ["asynchat", "asyncore", "distutils", "imp", "smtpd"],
  "3.13": [
    "aifc",
    "audioop",
    "cgi",
    "cgitb",
    "chunk",
    "crypt",
    "imghdr",
    "lib2to3",
    "mailcap",
    "msilib",
    "nis",
    "nntplib",
    "ossaudiodev",
    "pipes",
    "sndhdr",
    "spwd",
    "sunau",
    "telnetlib",
    "uu",
    "xdrlib",
  ],
};
const addedIn: Record<string, readonly string[]> = { "3.11": ["tomllib"] };

function parseVersion(version: string): [number, number] | undefined {
  const [major, minor] = version.split(".").map((part) => Number.parseInt(part, 10));
  return Number.isFinite(major) && Number.isFinite(minor) ? [major, minor] : undefined;
}

function atLeast(version: [number, number], other: string): boolean {
  const [major, minor] = parseVersion(other) ?? [0, 0];
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

/** Top-level stdlib module names for a Python version ("3.11" when unset or unparsable). */
export function stdlibModulesFor(version: string | undefined): Set<string> {
  const parsed = (version && parseVersion(version)) || [3, 11];
  const names = new Set(stdlibModules311);
  for (const [since, removed] of Object.entries(removedIn))
    if (atLeast(parsed, since))
      removed.forEach((n) => {
        names.delete(n);
      });
  for (const [since, added] of Object.entries(addedIn))
    if (!atLeast(parsed, since))
      added.forEach((n) => {
        names.delete(n);
      });
  return names;
}
