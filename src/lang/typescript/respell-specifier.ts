import path from "node:path";
import type { ModuleResolver } from "./create-resolver.js";
import { alternativeSpecifiers } from "./alternative-specifiers.js";
import { describeSpecifier, formatSpecifier, mapLiteralToTarget, type AliasConfig } from "./specifier-style.js";
import type { FoundSpecifier } from "./types.js";

/** What respelling one specifier needs: where it is written, where it led, and where both are after the change. */
export interface RespellInput {
  file: string;
  newFile: string;
  specifier: Pick<FoundSpecifier, "text" | "kind" | "line" | "column" | "hasEscapes">;
  target: string;
  newTarget: string;
  aliases: AliasConfig;
  /** `paths`/`baseUrl` after the change, when the change updates them (an alias whose target moved); else `aliases`. */
  aliasesAfter?: AliasConfig;
  after: () => ModuleResolver;
  warnings: string[];
}

/**
 * The specifier `file` (at `newFile` after the change) should write for `newTarget`, the file its `specifier` led to
 * (`target`) before: the same style (relative, alias, baseUrl, extension as written) when that resolves to
 * `newTarget` in the tree after the change, else the closest spelling that does (a warning when none does).
 * Undefined for bare specifiers (packages, `#imports`, self-references): package.json decides those.
 */
export function respellSpecifier(input: RespellInput): string | undefined {
  const { specifier, target, newTarget, newFile, aliases } = input;
  const aliasesAfter = input.aliasesAfter ?? aliases;
  const where = `${input.file}:${specifier.line}:${specifier.column}`;
  const style = describeSpecifier(specifier.text, specifier.kind, input.file, target, aliases);
  if (style.form === "bare") return undefined;
  if (specifier.hasEscapes) {
    input.warnings.push(`${where}: "${specifier.text}" is written with escapes; left as is`);
    return specifier.text;
  }
  const newLiteral = mapLiteralToTarget(style.literal, target, newTarget);
  // A relative path whose two ends move together (`../../utils/index.ts` inside a moved folder) still reads right.
  if (
    style.form === "relative" &&
    newLiteral !== undefined &&
    stripSlash(path.posix.join(path.posix.dirname(newFile), specifier.text)) === stripSlash(newLiteral)
  )
    return specifier.text;
  const preferred = newLiteral === undefined ? undefined : formatSpecifier(style, newFile, newLiteral, aliasesAfter);
  // Alias forms are location-independent: when the target did not move, the text is already right.
  if (preferred === specifier.text) return preferred;
  const resolver = input.after();
  const reaches = (candidate: string): boolean =>
    resolver.resolve(newFile, candidate, specifier.kind)?.path === newTarget;
  if (preferred !== undefined && reaches(preferred)) return preferred;
  for (const candidate of alternativeSpecifiers({
    style,
    specifier: specifier.text,
    newFile,
    newTarget,
    options: resolver.options,
    aliases: aliasesAfter,
  })) {
    if (reaches(candidate)) return candidate;
  }
  const fallback =
    preferred ??
    alternativeSpecifiers({
      style,
      specifier: specifier.text,
      newFile,
      newTarget,
      options: resolver.options,
      aliases: aliasesAfter,
    })[0];
  input.warnings.push(
    `${where}: no spelling of "${specifier.text}" reaches ${newTarget} after the move; wrote "${fallback}"`,
  );
  return fallback;
}

function stripSlash(relative: string): string {
  const trimmed = relative.endsWith("/") ? relative.slice(0, -1) : relative;
  return trimmed === "." ? "" : trimmed;
}
