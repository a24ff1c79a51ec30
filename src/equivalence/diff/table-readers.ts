import path from "node:path";
import { InvalidInputError } from "../../shared/errors.js";
import { csvReader, tsvReader } from "./readers/csv-reader.js";
import { jsonReader, ndjsonReader } from "./readers/json-reader.js";
import type { TableFormat, TableReader, TableSource } from "./table.js";

/** Every table reader, by format. */
export const tableReaders: Record<TableFormat, TableReader> = {
  csv: csvReader,
  tsv: tsvReader,
  json: jsonReader,
  ndjson: ndjsonReader,
};

/** True when `name` is a format graft diff reads. */
export function isTableFormat(name: string): name is TableFormat {
  return Object.hasOwn(tableReaders, name);
}

/** The format of `file` from its extension (a trailing .txt/.out is not looked through). */
export function detectTableFormat(file: string): TableFormat {
  const extension = path.extname(file).slice(1).toLowerCase();
  for (const reader of Object.values(tableReaders)) if (reader.extensions.includes(extension)) return reader.format;
  throw new InvalidInputError(`${file}: cannot tell the format from the extension; pass --format csv|tsv|json|ndjson`);
}

/** Opens `file` with the reader of `format` (detected from the extension when absent, CSV when only a delimiter is given). */
export function openTable(file: string, format?: TableFormat, delimiter?: string): Promise<TableSource> {
  if (delimiter === undefined) return tableReaders[format ?? detectTableFormat(file)].openTable(file);
  const chosen = format ?? detectTableFormatOrNull(file) ?? "csv";
  if (chosen !== "csv" && chosen !== "tsv")
    throw new InvalidInputError(`--delimiter: ${file} is ${chosen}, which has no delimiter`);
  return tableReaders[chosen].openTable(file, parseDelimiter(delimiter));
}

/** The byte of a `--delimiter` value: one ASCII character other than a quote or a line break ("\t" or "tab" for a tab). */
export function parseDelimiter(text: string): number {
  const value = text === "\\t" || text === "tab" ? "\t" : text;
  const code = value.charCodeAt(0);
  if (value.length !== 1 || code > 0x7e || value === '"' || value === "\n" || value === "\r")
    throw new InvalidInputError(
      `--delimiter ${JSON.stringify(text)}: expected one ASCII character (not a quote or a line break)`,
    );
  return code;
}

function detectTableFormatOrNull(file: string): TableFormat | null {
  try {
    return detectTableFormat(file);
  } catch {
    return null;
  }
}
