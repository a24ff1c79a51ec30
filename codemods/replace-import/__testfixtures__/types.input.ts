import type { Props, State } from "./old-types.js";
export { Props as ButtonProps } from "./old-types.js";

export function init(props: Props): State {
  return { props };
}
