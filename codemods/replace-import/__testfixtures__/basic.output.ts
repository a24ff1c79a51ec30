// utilities
import { chunk } from "lodash";
import { uniq, map, filter as keep } from "lodash-es";

export const result = chunk(keep(map([1, 2], (x) => x * 2), Boolean), 1).concat(uniq([1]));
