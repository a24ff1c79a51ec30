import path from "node:path";
import { Project, ts, type SourceFile } from "ts-morph";
import { InvalidInputError } from "../../shared/errors.js";
import type { ExtractRequest } from "./types.js";

const sourceExtensions = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;

/** The parsed project an extraction works on, addressed by root-relative path. */
export interface LoadedProject {
  project: Project;
  /** Root-relative POSIX paths of every parsed source, in the caller's order. */
  sources: string[];
  /** The parsed file at a root-relative path, if it is a source in scope. */
  getSource(relPath: string): SourceFile | undefined;
  /** Root-relative path of a parsed file. */
  relativeOf(file: SourceFile): string;
  /** The original text of a file (as read, before any edit). */
  textOf(relPath: string): string;
}

/** Default options when the caller gives none: the NodeNext ESM setup graft itself uses. */
const defaultCompilerOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
};

/** True for paths the extraction parses (TypeScript and JavaScript sources). */
export function isSourcePath(relPath: string): boolean {
  return sourceExtensions.test(relPath);
}

/** Parses the project's sources into an in-memory ts-morph project (package.json files too, for module format). */
export function loadProject(request: ExtractRequest): LoadedProject {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    // Only names inside the project matter here; skipping the default libraries keeps planning fast.
    compilerOptions: { ...defaultCompilerOptions, ...request.compilerOptions, allowJs: true, noEmit: true, noLib: true, types: [] },
  });
  const fs = project.getFileSystem();
  const absoluteOf = (rel: string): string => path.posix.join(request.root, rel);
  const texts = new Map<string, string>();
  const sources: string[] = [];
  for (const rel of request.files) {
    if (path.posix.basename(rel) === "package.json") {
      fs.writeFileSync(absoluteOf(rel), String(request.readFile(rel)));
      continue;
    }
    if (!isSourcePath(rel)) continue;
    const text = String(request.readFile(rel));
    texts.set(rel, text);
    project.createSourceFile(absoluteOf(rel), text, { overwrite: true });
    sources.push(rel);
  }
  return {
    project,
    sources,
    getSource: (rel) => (texts.has(rel) ? project.getSourceFile(absoluteOf(rel)) : undefined),
    relativeOf: (file) => path.posix.relative(request.root, file.getFilePath()),
    textOf: (rel) => {
      const text = texts.get(rel);
      if (text === undefined) throw new InvalidInputError(`extract: ${rel} is not a TypeScript/JavaScript file in scope`);
      return text;
    },
  };
}
