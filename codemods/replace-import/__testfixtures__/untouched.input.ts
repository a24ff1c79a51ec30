import { chunk } from "lodash";

export const pieces = chunk([1, 2, 3], 2);
