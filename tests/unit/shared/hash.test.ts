import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { sha256Hex } from "../../../src/shared/hash.js";

it("gives the sha256 of bytes and of a string's UTF-8", () => {
  expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
  expect(sha256Hex(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
  expect(sha256Hex("é")).toBe(createHash("sha256").update(Buffer.from("é", "utf8")).digest("hex"));
});
