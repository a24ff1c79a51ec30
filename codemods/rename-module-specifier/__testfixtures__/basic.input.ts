import { map } from "lodash";
import debounce from "lodash/debounce";
import type { Dictionary } from 'lodash';
export { chunk } from "lodash";
// "lodash" in a comment stays
const text = "lodash";

export async function load() {
  const { get } = await import("lodash");
  return get;
}

const cjs = require("lodash/fp");
