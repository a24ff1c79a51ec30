import { area } from "./shapes";

export function Area({ r }: { r: number }) {
  return <span title="area">{area(r)}</span>;
}
