// utilities
import { chunk, map, filter as keep } from "lodash";
import { uniq } from "lodash-es";

export const result = chunk(keep(map([1, 2], (x) => x * 2), Boolean), 1).concat(uniq([1]));
