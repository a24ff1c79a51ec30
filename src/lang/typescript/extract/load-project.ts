import path from "node:path";
import { Project, ts, type SourceFile } from "ts-morph";
import { InvalidInputError } from "../../../shared/errors.js";
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

/**
 * Words a file must contain to possibly import `from`: its stem, or its folder's name for an index
 * module. Files without them are read (the plan pins them) but not parsed. Aliases that map straight to
 * the file under another name (`paths: { "@core": ["src/main.ts"] }`) are missed.
 */
function importNeedles(from: string): string[] {
  const stem = path.posix.basename(from).replace(sourceExtensions, "");
  const folder = path.posix.basename(path.posix.dirname(from));
  return stem === "index" && folder !== "." && folder !== "" ? [stem, folder] : [stem];
}

/** Parses the module, the target and every source that may import the module into an in-memory ts-morph project (package.json files too, for module format). */
export function loadProject(request: ExtractRequest): LoadedProject {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    // Only names inside the project matter here; skipping the default libraries keeps planning fast.
    compilerOptions: {
      ...defaultCompilerOptions,
      ...request.compilerOptions,
      allowJs: true,
      noEmit: true,
      noLib: true,
      types: [],
    },
  });
  const fs = project.getFileSystem();
  const absoluteOf = (rel: string): string => path.posix.join(request.root, rel);
  const texts = new Map<string, string>();
  const needles = importNeedles(request.from);
  const sources: string[] = [];
  for (const rel of request.files) {
    if (path.posix.basename(rel) === "package.json") {
      fs.writeFileSync(absoluteOf(rel), String(request.readFile(rel)));
      continue;
    }
    if (!isSourcePath(rel) || rel.split("/").includes("node_modules")) continue;
    const text = String(request.readFile(rel));
    // Every source is on the in-memory disk so imports resolve; only possible importers are parsed up front.
    fs.writeFileSync(absoluteOf(rel), text);
    if (rel !== request.from && rel !== request.to && !needles.some((n) => text.includes(n))) continue;
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
      if (text === undefined)
        throw new InvalidInputError(`extract: ${rel} is not a TypeScript/JavaScript file in scope`);
      return text;
    },
  };
}
