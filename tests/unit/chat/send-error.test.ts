import { describe, expect, it } from "vitest";
import { createPublicClient, http } from "viem";
import { toSendError } from "@/lib/chat/send/errors";

describe("toSendError: a chain RPC that refuses", () => {
  it("says the RPC did not answer, that nothing was signed or paid, and where its URL is set", async () => {
    // A real viem call against a port nobody listens on: the error is viem's own HttpRequestError.
    const client = createPublicClient({ transport: http("http://127.0.0.1:1/rpc", { retryCount: 0 }) });
    const e = await client.getChainId().catch((x: unknown) => x);
    const s = toSendError(e);
    expect(s.code).toBe("rpc_unavailable");
    expect(s.message).toContain("127.0.0.1:1");
    expect(s.message).toContain("nothing was paid");
    expect(s.message).toContain("BASE_SEPOLIA_RPC_URL");
  });

  it("leaves other errors alone", () => {
    expect(toSendError(new Error("boom")).code).toBe("unknown");
  });
});
