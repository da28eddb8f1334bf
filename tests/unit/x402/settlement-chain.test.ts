/**
 * findSettlementOnChain / verifyPaymentOnChain against a real chain: anvil with Circle's USDC (devnet/chain).
 * A payment is signed with createPayment and executed the way a facilitator does (transferWithAuthorization
 * with the signature bytes), then found again from (payer, nonce) alone.
 */
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, createWalletClient, http, parseAbi, toHex, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startChain, devnetChain, type Chain } from "@/devnet/chain/start-chain";
import { devnetNetwork, type Network } from "@/lib/networks";
import { createPayment, type CreatedPayment } from "@/lib/x402/pay";
import { walletSigner } from "@/lib/x402/wallet-signer";
import { findSettlementOnChain, verifyPaymentOnChain } from "@/lib/x402/settlement";
import { paymentRequiredFor, requirementFor } from "./fixtures";

const CHAIN_ID = 31337;

/** A port nobody listens on right now (a devnet may already run on the usual ones). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const transferWithAuthorizationAbi = parseAbi([
  "function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, bytes signature)",
]);

let chain: Chain;
let network: Network;
let client: PublicClient;

beforeAll(async () => {
  chain = await startChain({ port: await freePort(), chainId: CHAIN_ID });
  network = devnetNetwork({
    chainId: CHAIN_ID,
    rpcUrl: chain.rpcUrl,
    gatewayUrl: "http://127.0.0.1:1/api",
    usdc: chain.usdc,
    payTo: chain.payTo,
  });
  client = createPublicClient({ chain: devnetChain(CHAIN_ID, chain.rpcUrl), transport: http(chain.rpcUrl), pollingInterval: 20 }) as PublicClient;
}, 120_000);

afterAll(async () => {
  await chain?.stop();
});

async function sign(payerKey: Hex, amount: string): Promise<CreatedPayment> {
  const account = privateKeyToAccount(payerKey);
  const wallet = createWalletClient({ account, chain: devnetChain(CHAIN_ID, chain.rpcUrl), transport: http(chain.rpcUrl) });
  const requirement = requirementFor(network, { amount });
  return createPayment({ paymentRequired: paymentRequiredFor(network, [requirement]), requirement, network, signer: walletSigner(wallet, network) });
}

/** Executes the authorization as the facilitator would. */
async function settle(p: CreatedPayment): Promise<Hex> {
  const facilitator = createWalletClient({
    account: privateKeyToAccount(chain.facilitatorKey),
    chain: devnetChain(CHAIN_ID, chain.rpcUrl),
    transport: http(chain.rpcUrl),
  });
  const signature = (p.payload.payload as { signature: Hex }).signature;
  const hash = await facilitator.writeContract({
    address: network.usdc.address,
    abi: transferWithAuthorizationAbi,
    functionName: "transferWithAuthorization",
    args: [p.from, p.to, p.value, p.validAfter, p.validBefore, p.nonce, signature],
  });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  expect(receipt.status).toBe("success");
  return hash;
}

describe("on chain", () => {
  it("an unused nonce is not found", async () => {
    const p = await sign(chain.fundedAccounts[1].privateKey, "1234");
    expect(await findSettlementOnChain({ client, usdc: network.usdc.address, payer: p.from, nonce: p.nonce })).toEqual({ used: false });
  });

  it("a settled payment is found from (payer, nonce) alone, with its value and recipient, and verifies", async () => {
    const startBlock = await client.getBlockNumber();
    const p = await sign(chain.fundedAccounts[1].privateKey, "31780");
    const tx = await settle(p);

    const found = await findSettlementOnChain({ client, usdc: network.usdc.address, payer: p.from, nonce: p.nonce, fromBlock: startBlock });
    expect(found.used).toBe(true);
    expect(found.transaction).toBe(tx);
    expect(found.value).toBe(31780n);
    expect(found.to?.toLowerCase()).toBe(network.payTo.toLowerCase());
    expect(typeof found.blockNumber).toBe("bigint");
    // Without fromBlock, the recent range is searched.
    expect((await findSettlementOnChain({ client, usdc: network.usdc.address, payer: p.from, nonce: p.nonce })).transaction).toBe(tx);

    const ok = await verifyPaymentOnChain({
      client, usdc: network.usdc.address, txHash: tx, payer: p.from, nonce: p.nonce, expectedValue: 31780n, expectedTo: network.payTo,
    });
    expect(ok.status).toBe("verified");
    expect(ok.value).toBe(31780n);

    const wrongValue = await verifyPaymentOnChain({
      client, usdc: network.usdc.address, txHash: tx, payer: p.from, nonce: p.nonce, expectedValue: 31781n, expectedTo: network.payTo,
    });
    expect(wrongValue.status).toBe("mismatch");
    expect(wrongValue.detail).toMatch(/0\.031780 USDC/);

    const wrongTo = await verifyPaymentOnChain({
      client, usdc: network.usdc.address, txHash: tx, payer: p.from, nonce: p.nonce, expectedValue: 31780n, expectedTo: p.from,
    });
    expect(wrongTo.status).toBe("mismatch");

    const otherNonce = await verifyPaymentOnChain({
      client, usdc: network.usdc.address, txHash: tx, payer: p.from, nonce: toHex(1n, { size: 32 }), expectedValue: 31780n, expectedTo: network.payTo,
    });
    expect(otherNonce.status).toBe("mismatch");
  });

  it("a transaction that is not on the chain is not_found", async () => {
    const p = await sign(chain.fundedAccounts[2].privateKey, "1000");
    const r = await verifyPaymentOnChain({
      client, usdc: network.usdc.address, txHash: `0x${"ee".repeat(32)}`, payer: p.from, nonce: p.nonce, expectedValue: 1000n, expectedTo: network.payTo,
    });
    expect(r.status).toBe("not_found");
  });
});
