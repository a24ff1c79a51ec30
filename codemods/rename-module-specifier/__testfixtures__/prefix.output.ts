import debounce from "lodash-es/debounce";
import { map } from "lodash";
vi.mock("lodash-es/throttle");
