import { describe, expect, it } from "vitest";
import { formatUsdc, formatUsdShort, parseAtomic, parseUsdc } from "@/lib/money";

describe("money", () => {
  it("formats all six decimals", () => {
    expect(formatUsdc(1_012n)).toBe("0.001012");
    expect(formatUsdc(10_000_000_000n)).toBe("10000.000000");
    expect(formatUsdc(0n)).toBe("0.000000");
    expect(formatUsdc(-5n)).toBe("-0.000005");
  });
  it("parses decimal USDC exactly", () => {
    expect(parseUsdc("0.50")).toBe(500_000n);
    expect(parseUsdc("12")).toBe(12_000_000n);
    expect(parseUsdc(".000001")).toBe(1n);
    expect(() => parseUsdc("0.0000001")).toThrow(/6 decimals/);
    expect(() => parseUsdc("1e3")).toThrow();
    expect(() => parseUsdc("")).toThrow();
  });
  it("accepts only integer atomic strings", () => {
    expect(parseAtomic("31780")).toBe(31_780n);
    expect(() => parseAtomic("1.5")).toThrow();
    expect(() => parseAtomic("-1")).toThrow();
    expect(() => parseAtomic("0x10")).toThrow();
  });
  it("shortens for tight places", () => {
    expect(formatUsdShort(1_000n)).toBe("$0.001");
    expect(formatUsdShort(12_500_000n)).toBe("$12.50");
  });
});
