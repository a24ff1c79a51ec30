import debounce from "lodash/debounce";
import { map } from "lodash";
vi.mock("lodash/throttle");
