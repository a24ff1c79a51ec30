import path from "node:path";
import type ts from "typescript";
import { runtimeExtensionOf, stripModuleExtension } from "./script-files.js";
import { formatSpecifier, type AliasConfig, type SpecifierStyle } from "./specifier-style.js";

/** What an alternative spelling is built from. */
export interface AlternativeInput {
  style: Exclude<SpecifierStyle, { form: "bare" }>;
  specifier: string;
  newFile: string;
  newTarget: string;
  options: ts.CompilerOptions;
  aliases: AliasConfig;
}

/** Other spellings of a target, closest to the original style first, for when the style-preserving one does not resolve. */
export function alternativeSpecifiers(input: AlternativeInput): string[] {
  const base = stripModuleExtension(input.newTarget);
  const literals = new Set<string>();
  const extension = extensionOf(input.specifier);
  // Closest to the original first: its own extension, or none when it had none.
  if (extension !== "") literals.add(base + extension);
  else literals.add(base);
  literals.add(base + runtimeExtensionOf(input.newTarget));
  literals.add(base);
  literals.add(input.newTarget);
  if (path.posix.basename(base) === "index") literals.add(path.posix.dirname(base));
  const spelled = new Set<string>();
  for (const literal of literals) spelled.add(formatSpecifier(input.style, input.newFile, literal, input.aliases));
  return [...spelled];
}

function extensionOf(specifier: string): string {
  const name = specifier.slice(specifier.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : "";
}
