/**
 * A smart wallet's signature is not 65 bytes: ERC-1271 (here Coinbase Smart Wallet's shape) once the account is
 * deployed, ERC-6492-wrapped before. The client must carry either unchanged from the wallet to the gateway, and the
 * devnet gateway's payload check must accept both. The wallet here is an EIP-1193 provider, as the browser's is:
 * viem's WalletClient sends it eth_signTypedData_v4 for the smart account's address.
 */
import { describe, expect, it } from "vitest";
import { createWalletClient, custom, isErc6492Signature, toHex, type Address, type Hex, type TypedDataDefinition } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { decodePaymentSignatureHeader } from "@x402/core/http";
import { PaymentPayloadV2Schema } from "@x402/core/schemas";
import { createPayment } from "@/lib/x402/pay";
import { walletSigner } from "@/lib/x402/wallet-signer";
import { signTypedDataAsSmartAccount, smartAccountAddress } from "@/devnet/chain/smart-account";
import { checkPaymentPayload } from "@/devnet/gateway/payment";
import { DEVNET, paymentRequiredFor, requirementFor } from "./fixtures";

const owner = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const factory: Address = "0x0165878A594ca255338adfa4d48449f69242Eb8F";
const smartAccount = smartAccountAddress(factory, owner.address);

/** A smart wallet's EIP-1193 provider: signs typed data as the account, deployed or not. */
function smartWallet(deployed: boolean) {
  const signed: Hex[] = [];
  const wallet = createWalletClient({
    account: smartAccount,
    transport: custom({
      async request({ method, params }: { method: string; params?: unknown[] }) {
        if (method === "eth_chainId") return toHex(DEVNET.chainId);
        if (method === "eth_signTypedData_v4") {
          const [address, json] = params as [Address, string];
          expect(address.toLowerCase()).toBe(smartAccount.toLowerCase());
          const { EIP712Domain: _unused, ...types } = JSON.parse(json).types;
          void _unused;
          const sig = await signTypedDataAsSmartAccount({ factory, owner, chainId: DEVNET.chainId }, { ...JSON.parse(json), types } as TypedDataDefinition, deployed);
          signed.push(sig);
          return sig;
        }
        throw new Error(`unexpected RPC ${method}`);
      },
    }),
  });
  return { wallet, signed };
}

describe("a smart wallet's signature through the client", () => {
  for (const deployed of [false, true]) {
    it(`${deployed ? "ERC-1271 (deployed)" : "ERC-6492 (counterfactual)"}: carried unchanged into PAYMENT-SIGNATURE, and the gateway's payload check accepts it`, async () => {
      const { wallet, signed } = smartWallet(deployed);
      const requirement = requirementFor(DEVNET);
      const p = await createPayment({ paymentRequired: paymentRequiredFor(DEVNET), requirement, network: DEVNET, signer: walletSigner(wallet, DEVNET) });

      expect(signed).toHaveLength(1);
      expect(p.from).toBe(smartAccount);
      const decoded = decodePaymentSignatureHeader(p.header);
      expect(PaymentPayloadV2Schema.safeParse(decoded).success).toBe(true);
      const signature = (decoded.payload as { signature: Hex }).signature;
      expect(signature).toBe(signed[0]);
      expect((signature.length - 2) / 2).toBeGreaterThan(65);
      expect(isErc6492Signature(signature)).toBe(!deployed);
      expect((decoded.payload as { authorization: { from: string } }).authorization.from).toBe(smartAccount);
      expect(checkPaymentPayload(decoded)).toMatchObject({ ok: true });
    });
  }
});
