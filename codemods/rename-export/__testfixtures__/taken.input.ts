import { area } from "./math.js";

const surface = 1;
export const value = area(surface);
