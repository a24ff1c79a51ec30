import { surface } from "./shapes";

export function Area({ r }: { r: number }) {
  return <span title="area">{surface(r)}</span>;
}
