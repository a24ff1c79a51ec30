import type { State } from "./old-types.js";
import type { Props } from "./types.js";
export { Props as ButtonProps } from "./types.js";

export function init(props: Props): State {
  return { props };
}
