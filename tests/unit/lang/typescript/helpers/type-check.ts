import path from "node:path";
import ts from "typescript";

/** A type-checker that reuses parsed library files (lib.*.d.ts, node_modules typings) across projects. */
export function createProjectTypeChecker(): (root: string, tsconfig?: string) => string[] {
  const shared = new Map<string, ts.SourceFile>();
  return (root, tsconfig = "tsconfig.json") => {
    const configPath = path.join(root, tsconfig);
    const config = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    if (!config) return [`cannot read ${configPath}`];
    // Library typings are the same before and after a move; checking them only costs time.
    const options = { ...config.options, noEmit: true, skipLibCheck: true };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const isLibrary = fileName.includes("/node_modules/");
      const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
      if (isLibrary && shared.has(key)) return shared.get(key);
      const file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (isLibrary && file) shared.set(key, file);
      return file;
    };
    const program = ts.createProgram({ rootNames: config.fileNames, options, host });
    return [...config.errors, ...ts.getPreEmitDiagnostics(program)].map((diagnostic) =>
      formatDiagnostic(root, diagnostic),
    );
  };
}

/** Type-checks the project of `root/tsconfig.json` with the compiler API; returns one line per error. */
export const typeCheckProject = createProjectTypeChecker();

function formatDiagnostic(root: string, diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${path.relative(root, diagnostic.file.fileName)}:${line + 1}:${character + 1} TS${diagnostic.code}: ${message}`;
}
