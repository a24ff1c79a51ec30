import { InvalidInputError } from "../../../shared/errors.js";
import { withPackages, type ProjectModules } from "./project-modules.js";

/** What the two modules import after the extraction, for the cycle check. */
export interface CycleContext {
  project: ProjectModules;
  from: string;
  to: string;
  fromModule: string;
  toModule: string;
  /** Modules the new module's copied imports name. */
  newModuleImports: readonly string[];
  /** Names the new module imports from the old one (shared helpers). */
  sharedNames: readonly string[];
  /** Names the old module imports from the new one (used by staying code, or re-exported by the shim). */
  oldImportsNames: readonly string[];
  /** The old module imports the new one only to re-export (the shim). */
  onlyShim: boolean;
}

/**
 * Refuses an extraction after which the new module would import, while it loads, a chain of modules that
 * leads back to itself: Python runs imports top to bottom, so the module first imported would hand out a
 * half-initialized module and `from … import name` fails.
 */
export function checkImportCycle(context: CycleContext): void {
  const { project, fromModule, toModule } = context;
  const edges = (module: string): string[] => {
    if (module === toModule)
      return [...context.newModuleImports, ...(context.sharedNames.length > 0 ? withPackages(fromModule) : [])];
    const file = project.fileOfModule(module);
    const own = file ? project.loadTimeImports(file) : [];
    if (module === fromModule && context.oldImportsNames.length > 0) return [...own, ...withPackages(toModule)];
    return own;
  };
  const parent = new Map<string, string>();
  const queue = [toModule];
  const seen = new Set<string>([toModule]);
  let closing: string | undefined;
  while (queue.length > 0 && closing === undefined) {
    const module = queue.shift()!;
    for (const next of edges(module)) {
      if (next === toModule) {
        closing = module;
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      parent.set(next, module);
      queue.push(next);
    }
  }
  if (closing === undefined) return;
  const chain = [closing];
  while (chain[0] !== toModule) chain.unshift(parent.get(chain[0]!)!);
  chain.push(toModule);
  const fileOf = (module: string): string =>
    module === toModule ? context.to : module === fromModule ? context.from : (project.fileOfModule(module) ?? module);
  const cycle = chain.map(fileOf).join(" → ");
  const direct = chain.length === 3 && chain[1] === fromModule;
  const shared = context.sharedNames.join(", ");
  const imported = context.oldImportsNames.join(", ");
  const these = (names: readonly string[]): string => (names.length > 1 ? "them" : "it");
  if (direct) {
    const why = context.onlyShim
      ? `imports ${imported} from ${context.to} to re-export ${these(context.oldImportsNames)} (the shim; shim: false drops it)`
      : `imports ${imported} from ${context.to}`;
    throw new InvalidInputError(
      `extract: ${context.to} and ${context.from} would import each other while they load (${cycle}): ${context.to} needs ${shared} from ${context.from}, and ${context.from} ${why}; Python cannot finish loading either first, so extract ${shared} too, or move ${these(context.sharedNames)} to a module both can import`,
    );
  }
  const through = chain
    .slice(1, -1)
    .filter((m) => m !== fromModule)
    .map(fileOf)
    .join(", ");
  throw new InvalidInputError(
    `extract: ${context.to} would close an import cycle while loading (${cycle}): ${context.from} imports ${imported} from ${context.to}, and ${context.to} reaches ${context.from} again through ${through}; Python cannot finish loading the first module of a cycle, so keep ${imported} in ${context.from}, or remove the import of ${context.from} from ${through}`,
  );
}
