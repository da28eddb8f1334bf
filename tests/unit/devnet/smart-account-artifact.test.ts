/** The committed smart-account artifact is what the committed Solidity source compiles to (`npm run contracts`). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ARTIFACT_FILE, compileSmartAccount, serializeArtifact } from "@/devnet/chain/contracts/compile";

describe("smart-account artifact", () => {
  it("matches DevnetSmartAccount.sol compiled with the pinned solc", async () => {
    const fresh = await compileSmartAccount();
    const committed = readFileSync(ARTIFACT_FILE, "utf8");
    // On failure: run `npm run contracts` and commit the artifact.
    expect(committed).toBe(serializeArtifact(fresh));
    expect(fresh.contracts.DevnetSmartAccountFactory.bytecode).toMatch(/^0x[0-9a-f]{200,}$/);
  }, 120_000);
});
