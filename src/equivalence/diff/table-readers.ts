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

/** Opens `file` with the reader of `format` (detected from the extension when absent). */
export function openTable(file: string, format?: TableFormat): Promise<TableSource> {
  return tableReaders[format ?? detectTableFormat(file)].openTable(file);
}
