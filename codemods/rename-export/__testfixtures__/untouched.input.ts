import { area } from "./geometry.js";

export const value = area(2);
