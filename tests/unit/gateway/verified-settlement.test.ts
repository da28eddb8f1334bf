/** The key a verification is remembered under: the same payload however its keys are ordered, and nothing else. */
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/devnet/gateway/verified-settlement";

describe("canonicalJson", () => {
  it("ignores the order of object keys, at any depth", () => {
    const a = { x402Version: 2, payload: { signature: "0xab", authorization: { from: "0x1", to: "0x2", value: "5" } } };
    const b = { payload: { authorization: { value: "5", to: "0x2", from: "0x1" }, signature: "0xab" }, x402Version: 2 };
    expect(canonicalJson([a, { amount: "5" }])).toBe(canonicalJson([b, { amount: "5" }]));
  });

  it("tells apart any change of a value, and the order of array items", () => {
    const a = { payload: { signature: "0xab", authorization: { value: "5" } } };
    expect(canonicalJson(a)).not.toBe(canonicalJson({ payload: { signature: "0xab", authorization: { value: "6" } } }));
    expect(canonicalJson(a)).not.toBe(canonicalJson({ payload: { signature: "0xac", authorization: { value: "5" } } }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: undefined, b: 1 })).toBe(canonicalJson({ b: 1 }));
  });
});
