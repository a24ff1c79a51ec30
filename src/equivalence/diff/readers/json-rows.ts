import { InvalidInputError } from "../../../shared/errors.js";
import { CellKind, normalizeColumnNames, type CellValue, type TableBatch } from "../table.js";

/** One JSON cell value after parsing (objects and arrays nested in a cell compare as JSON text). */
export type JsonCell = string | number | boolean | null | undefined | object;

const nanMarker = "\u0000graft:NaN";
const infMarker = "\u0000graft:Infinity";
const negInfMarker = "\u0000graft:-Infinity";
const bareSpecials = /"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g;

/** Parses one JSON value; accepts the bare NaN/Infinity/-Infinity that Python's json module writes. */
export function parseJsonValue(text: string, path: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text))
      throw new InvalidInputError(`${path}: line ${line}: invalid JSON (${(error as Error).message})`);
  }
  const replaced = text.replace(bareSpecials, (match, special: string | undefined) =>
    special === undefined
      ? match
      : JSON.stringify(special === "NaN" ? nanMarker : special === "Infinity" ? infMarker : negInfMarker),
  );
  try {
    return JSON.parse(replaced, (_key, value: unknown) =>
      value === nanMarker ? NaN : value === infMarker ? Infinity : value === negInfMarker ? -Infinity : value,
    );
  } catch (error) {
    throw new InvalidInputError(`${path}: line ${line}: invalid JSON (${(error as Error).message})`);
  }
}

/** The header implied by the first row: an object's keys, or positions "0".."n-1" for arrays. */
export function columnsOfFirstRow(
  first: unknown,
  path: string,
  line: number,
): { columns: string[]; isRecords: boolean } {
  if (Array.isArray(first)) return { columns: first.map((_value, index) => String(index)), isRecords: false };
  if (first !== null && typeof first === "object")
    return { columns: normalizeColumnNames(Object.keys(first)), isRecords: true };
  throw new InvalidInputError(
    `${path}: line ${line}: expected a record (object) or an array, found ${describeJsonType(first)}`,
  );
}

/** Turns a parsed row into cells in header order; unknown keys or a wrong width are malformed input. */
export function rowCells(
  value: unknown,
  columns: string[],
  isRecords: boolean,
  path: string,
  line: number,
): JsonCell[] {
  if (!isRecords) {
    if (!Array.isArray(value))
      throw new InvalidInputError(`${path}: line ${line}: expected an array row, found ${describeJsonType(value)}`);
    if (value.length !== columns.length)
      throw new InvalidInputError(`${path}: line ${line}: expected ${columns.length} fields, found ${value.length}`);
    return value as JsonCell[];
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidInputError(`${path}: line ${line}: expected a record, found ${describeJsonType(value)}`);
  }
  const record = value as Record<string, JsonCell>;
  for (const key of Object.keys(record)) {
    if (!columns.includes(key))
      throw new InvalidInputError(`${path}: line ${line}: key "${key}" is not in the first record`);
  }
  return columns.map((column) => record[column]);
}

function describeJsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/** Rows of JSON values; numbers stay numbers, null and "" are empty cells. */
export class JsonBatch implements TableBatch {
  readonly rowCount: number;
  constructor(
    private readonly rows: JsonCell[][],
    private readonly lines: number[],
    private readonly spans: { offset: number; length: number }[],
  ) {
    this.rowCount = rows.length;
  }

  lineOf(row: number): number {
    return this.lines[row];
  }

  spanOf(row: number): { offset: number; length: number } {
    return this.spans[row];
  }

  isSameRaw(row: number, col: number, other: TableBatch, otherRow: number, otherCol: number): boolean {
    if (!(other instanceof JsonBatch)) return false;
    const a = this.rows[row][col];
    const b = other.rows[otherRow][otherCol];
    return a === b && (typeof a !== "object" || a === null);
  }

  readCell(row: number, col: number, out: CellValue, trim: boolean): void {
    const value = this.rows[row][col];
    if (typeof value === "number") {
      out.kind = CellKind.number;
      out.value = value;
    } else if (
      value === null ||
      value === undefined ||
      value === "" ||
      (trim && typeof value === "string" && value.trim() === "")
    ) {
      out.kind = CellKind.empty;
    } else out.kind = CellKind.text;
  }

  cellText(row: number, col: number): string {
    const value = this.rows[row][col];
    if (value === null || value === undefined) return "";
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return JSON.stringify(value);
  }

  cellBytes(row: number, col: number): Buffer {
    return Buffer.from(this.cellText(row, col), "utf8");
  }
}
