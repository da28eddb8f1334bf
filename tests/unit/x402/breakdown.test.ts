import { describe, expect, it } from "vitest";
import { checkBreakdown, parsePart, partLabel } from "../../../lib/x402/breakdown";

describe("checkBreakdown", () => {
  it("accepts the devnet's and BlockRun's shape when the parts add up (decimal USD, 0% margin, fee)", () => {
    const r = checkBreakdown({ inputCost: "0.000012", outputCost: "0.000615", margin: "0%", fee: "0.001000" }, 1627n);
    expect(r.status).toBe("adds-up");
    expect(r.status === "adds-up" && r.sum).toBe(1627n);
  });

  it("a flat model: zero token costs and a flat part", () => {
    expect(checkBreakdown({ inputCost: "0.000000", outputCost: "0.000000", margin: "0%", fee: "0.000000", flat: "0.005000" }, 5000n).status).toBe("adds-up");
  });

  it("says by how much the parts miss the amount that will be signed", () => {
    const r = checkBreakdown({ inputCost: "0.000012", outputCost: "0.000615", fee: "0.001000" }, 5000n);
    expect(r).toMatchObject({ status: "mismatch", sum: 1627n, difference: 1627n - 5000n });
    // One atomic unit off is off: six-decimal parts must add up exactly.
    expect(checkBreakdown({ inputCost: "0.000012", fee: "0.001000" }, 1013n).status).toBe("mismatch");
  });

  it("reads atomic units (integers with no decimal point) and $ / USD decorations", () => {
    expect(checkBreakdown({ inputCost: "12", outputCost: "615", fee: "1000" }, 1627n).status).toBe("adds-up");
    expect(checkBreakdown({ inputCost: "$0.000012", outputCost: "0.000615 USDC", fee: "0.001 USD" }, 1627n).status).toBe("adds-up");
  });

  it("parts with more than six decimals add up when they round to the amount", () => {
    expect(checkBreakdown({ inputCost: "0.0000124", outputCost: "0.0006150", fee: "0.001" }, 1627n).status).toBe("adds-up");
    expect(checkBreakdown({ inputCost: "0.0000124", outputCost: "0.0006150", fee: "0.001" }, 1629n).status).toBe("mismatch");
  });

  it("applies a percentage margin to the amounts (BlockRun's older x1.05), within one atomic unit", () => {
    // (0.000400 + 0.000600) x 1.05 = 0.001050
    expect(checkBreakdown({ inputCost: "0.000400", outputCost: "0.000600", margin: "5%" }, 1050n).status).toBe("adds-up");
    expect(checkBreakdown({ inputCost: "0.000400", outputCost: "0.000600", margin: "5%" }, 1051n).status).toBe("adds-up");
    expect(checkBreakdown({ inputCost: "0.000400", outputCost: "0.000600", margin: "5%" }, 1000n).status).toBe("mismatch");
  });

  it("a stated total must equal the amount and is not added to the parts", () => {
    expect(checkBreakdown({ inputCost: "0.000500", fee: "0.000500", total: "0.001000" }, 1000n).status).toBe("adds-up");
    expect(checkBreakdown({ inputCost: "0.000500", fee: "0.000500", total: "0.002000" }, 1000n)).toMatchObject({ status: "mismatch", sum: 2000n });
  });

  it("cannot check what it cannot read, and says which parts", () => {
    const r = checkBreakdown({ inputCost: "0.000012", margin: "a little", fee: "-0.001" }, 1627n);
    expect(r).toMatchObject({ status: "unreadable", unreadable: ["margin", "fee"] });
  });

  it("no breakdown: nothing to check", () => {
    expect(checkBreakdown(undefined, 1000n).status).toBe("absent");
    expect(checkBreakdown({}, 1000n).status).toBe("absent");
  });

  it("keeps the gateway's words as sent", () => {
    expect(parsePart("margin", " 5% ")).toMatchObject({ kind: "percent", hundredths: 500n, text: " 5% " });
    expect(parsePart("fee", "1e-3").kind).toBe("unreadable");
    expect(partLabel("inputCost")).toBe("Input cost");
    expect(partLabel("output_cost")).toBe("Output cost");
  });
});
