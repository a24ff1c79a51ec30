import { map } from "lodash-es";
import debounce from "lodash/debounce";
import type { Dictionary } from "lodash-es";
export { chunk } from "lodash-es";
// "lodash" in a comment stays
const text = "lodash";

export async function load() {
  const { get } = await import("lodash-es");
  return get;
}

const cjs = require("lodash/fp");
