import path from "node:path";
import type { Diagnostic } from "typescript";
import type { PostWriteCheck } from "../model/post-write-check.js";
import { loadTypeScript } from "../shared/typescript.js";

/** Type-checks a project with the TypeScript compiler API and returns its diagnostics as `file:line:col TSnnnn message` lines. */
export function typecheckProject(root: string, tsconfig: string): string[] {
  const ts = loadTypeScript();
  const configPath = path.resolve(root, tsconfig);
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) return [formatDiagnostic(ts, read.error, root)];
  const parsed = ts.parseJsonConfigFileContent(
    read.config,
    ts.sys,
    path.dirname(configPath),
    { noEmit: true },
    configPath,
  );
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: { ...parsed.options, noEmit: true },
    projectReferences: parsed.projectReferences ?? [],
  });
  return [...parsed.errors, ...ts.getPreEmitDiagnostics(program)].map((d) => formatDiagnostic(ts, d, root));
}

function formatDiagnostic(ts: ReturnType<typeof loadTypeScript>, d: Diagnostic, root: string): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
  if (!d.file || d.start === undefined) return `TS${d.code} ${message}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${path.relative(root, d.file.fileName)}:${line + 1}:${character + 1} TS${d.code} ${message}`;
}

/** A post-write check that fails when the project has type errors it did not have before the step (compared by code and message, since positions move). */
export function createTypecheckCheck(tsconfig: string): PostWriteCheck {
  let before = new Map<string, number>();
  return {
    name: `typecheck ${tsconfig}`,
    async beforeWrite({ root }) {
      before = countByMessage(typecheckProject(root, tsconfig));
    },
    async afterWrite({ root }) {
      const after = typecheckProject(root, tsconfig);
      const remaining = new Map(before);
      const added = after.filter((line) => {
        const key = messageKey(line);
        const left = remaining.get(key) ?? 0;
        if (left > 0) {
          remaining.set(key, left - 1);
          return false;
        }
        return true;
      });
      if (added.length === 0) return { ok: true, details: `${after.length} type error(s), none new` };
      return { ok: false, message: `${added.length} new type error(s), first: ${added[0]}` };
    },
  };
}

function messageKey(line: string): string {
  return line.replace(/^\S+:\d+:\d+ /, "");
}

function countByMessage(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(messageKey(line), (counts.get(messageKey(line)) ?? 0) + 1);
  return counts;
}
