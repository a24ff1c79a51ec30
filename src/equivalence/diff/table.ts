/** What table readers produce: a header and batches of rows whose cells are read without copying. */

/** Formats graft diff reads. */
export type TableFormat = "csv" | "tsv" | "json" | "ndjson";

/** Kinds of cell once classified. */
export const CellKind = { empty: 0, number: 1, text: 2 } as const;
export type CellKindValue = (typeof CellKind)[keyof typeof CellKind];

/** A reused holder for one classified cell (avoids an allocation per cell). */
export interface CellValue {
  kind: CellKindValue;
  /** Set when kind is number. */
  value: number;
}

/** A run of complete rows; valid until the source's next batch is requested. */
export interface TableBatch {
  readonly rowCount: number;
  /** 1-based line of the file where the row starts (for annotations). */
  lineOf(row: number): number;
  /** Byte offset and length of the row in the file (for key alignment's random access). */
  spanOf(row: number): { offset: number; length: number };
  /** True when both cells hold the same raw bytes/value (hence equal whatever the tolerance). */
  isSameRaw(row: number, col: number, other: TableBatch, otherRow: number, otherCol: number): boolean;
  /** Classifies a cell into `out` (number parsing as pandas/numpy write numbers). */
  readCell(row: number, col: number, out: CellValue, trim: boolean): void;
  /** The cell as text (display, keys); bytes that are not UTF-8 appear as `\xNN`. */
  cellText(row: number, col: number): string;
  /** The cell's text as bytes (quoting undone): what exact and text comparisons compare. */
  cellBytes(row: number, col: number): Uint8Array;
}

/** An opened table: its header, then its rows in batches. */
export interface TableSource {
  readonly path: string;
  readonly format: TableFormat;
  readonly columns: string[];
  /** Next batch of rows, or null at the end of the file. */
  nextBatch(): Promise<TableBatch | null>;
  /** Parses the rows at the given spans (key alignment); cells as in a batch. */
  readRowsAt(spans: { offset: number; length: number }[]): Promise<TableBatch>;
  close(): Promise<void>;
}

/** A table reader: a plain object registered in table-readers.ts. */
export interface TableReader {
  format: TableFormat;
  /** File extensions (without dot) this reader claims. */
  extensions: string[];
  /** Opens a file; `delimiter` (one byte) replaces a delimited format's own. */
  openTable(path: string, delimiter?: number): Promise<TableSource>;
}

/**
 * Names header cells as pandas does: empty names become "Unnamed: i", duplicates get ".1", ".2". A label is never
 * one another header cell already carries (`a,a,a.1` → a, a.2, a.1), so no column hides behind another's name.
 */
export function normalizeColumnNames(names: string[]): string[] {
  const taken = new Set(names.filter((name) => name !== ""));
  const counts = new Map<string, number>();
  const labels = new Set<string>();
  return names.map((raw, index) => {
    const name = raw === "" ? `Unnamed: ${index}` : raw;
    let label = name;
    if (labels.has(label) || (raw === "" && taken.has(label))) {
      let count = counts.get(name) ?? 0;
      do label = `${name}.${++count}`;
      while (taken.has(label) || labels.has(label));
      counts.set(name, count);
    }
    labels.add(label);
    return label;
  });
}
