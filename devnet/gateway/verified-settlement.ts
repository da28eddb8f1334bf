/**
 * Verify once: @x402/evm's exact facilitator re-verifies a payload inside `settle` (signature recovery or an
 * ERC-1271 call, again), and secp256k1 recovery in JS is the gateway's largest CPU cost under load (about 5 ms
 * per call on 2 shared cores). The library has no hook to reuse its own verification, so this subclass
 * remembers each EIP-3009 payload it verified as valid (the exact payload and requirements, canonical JSON) and
 * settles it once without recomputing the signature check. Everything else the library's settle re-checks is
 * re-checked here (the time window, the ERC-6492 factory allowlist before a deployment), and the chain checks the
 * signature itself in transferWithAuthorization.
 *
 * Anything else takes the library's own path: a payload that was not verified here (or was verified more than
 * VERIFIED_TTL_MS ago, or is being settled a second time), a Permit2 payload, a payload with extensions, and any
 * transfer that cannot be sent (estimation reverts before anything is sent: the library then re-verifies and
 * names the reason).
 */
import { InMemoryPendingSettlementStore } from "@x402/core/facilitator";
import type { FacilitatorContext, PaymentPayload, PaymentRequirements, SettleResponse, VerifyResponse } from "@x402/core/types";
import { eip3009ABI, isEIP3009Payload, type toFacilitatorEvmSigner } from "@x402/evm";
import { ExactEvmScheme } from "@x402/evm/exact/facilitator";
import { getAddress, isAddressEqual, parseErc6492Signature, parseEventLogs, parseSignature, size, zeroAddress, type Hex, type Log } from "viem";

type FacilitatorEvmSigner = ReturnType<typeof toFacilitatorEvmSigner>;

/** A verification is reused for at most this long (the gateway settles right after it has answered). */
export const VERIFIED_TTL_MS = 60_000;
const MAX_REMEMBERED = 10_000;

/** Same reason codes as @x402/evm 2.27 (its constants are not exported). */
const Reason = {
  validBefore: "invalid_exact_evm_payload_authorization_valid_before",
  validAfter: "invalid_exact_evm_payload_authorization_valid_after",
  factoryNotAllowed: "eip6492_factory_not_allowed",
  deploymentFailed: "smart_wallet_deployment_failed",
  transactionFailed: "invalid_exact_evm_transaction_failed",
  transferEventMismatch: "invalid_exact_evm_transfer_event_mismatch",
  pending: "settlement_pending",
} as const;

const transferEvent = [
  {
    type: "event",
    name: "Transfer",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "value", type: "uint256", indexed: false },
    ],
  },
] as const;

/** JSON with object keys sorted, so the same payload gives the same key however it was built. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export interface VerifyOnceConfig {
  eip6492AllowedFactories: string[];
}

export class VerifyOnceExactEvmScheme extends ExactEvmScheme {
  private readonly verified = new Map<string, number>();
  private readonly pending: InMemoryPendingSettlementStore;
  private readonly factories: string[];

  constructor(
    private readonly evm: FacilitatorEvmSigner,
    config: VerifyOnceConfig,
    pending = new InMemoryPendingSettlementStore(),
  ) {
    super(evm, { eip6492AllowedFactories: config.eip6492AllowedFactories, pendingSettlementStore: pending });
    this.pending = pending;
    this.factories = config.eip6492AllowedFactories.map((a) => a.toLowerCase());
  }

  /** Settlements that reused their verification, and those that took the library's path (tests, bench). */
  readonly stats = { verifiedOnce: 0, library: 0 };

  override async verify(
    payload: PaymentPayload,
    requirements: PaymentRequirements,
    context?: FacilitatorContext,
    extensions?: Record<string, unknown>,
  ): Promise<VerifyResponse> {
    const result = await super.verify(payload, requirements, context, extensions);
    if (result.isValid && eligible(payload)) this.remember(canonicalJson([payload, requirements]));
    return result;
  }

  override async settle(payload: PaymentPayload, requirements: PaymentRequirements, context?: FacilitatorContext): Promise<SettleResponse> {
    if (!eligible(payload) || !this.take(canonicalJson([payload, requirements]))) {
      this.stats.library++;
      return super.settle(payload, requirements, context);
    }
    this.stats.verifiedOnce++;
    return this.settleVerified(payload, requirements, context);
  }

  private remember(key: string) {
    const now = Date.now();
    if (this.verified.size >= MAX_REMEMBERED) {
      for (const [k, at] of this.verified) if (now - at > VERIFIED_TTL_MS) this.verified.delete(k);
      if (this.verified.size >= MAX_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(key, now);
  }

  /** True once per verification, within its lifetime. */
  private take(key: string): boolean {
    const at = this.verified.get(key);
    if (at === undefined) return false;
    this.verified.delete(key);
    return Date.now() - at <= VERIFIED_TTL_MS;
  }

  /** The library's settleEIP3009 after its re-verification, for a payload verified above. */
  private async settleVerified(payload: PaymentPayload, requirements: PaymentRequirements, context?: FacilitatorContext): Promise<SettleResponse> {
    const { authorization: auth, signature } = payload.payload as { authorization: Record<string, string>; signature: Hex };
    const network = payload.accepted.network;
    const payer = auth.from;
    const fail = (errorReason: string, transaction = "", errorMessage?: string): SettleResponse => ({
      success: false,
      errorReason,
      ...(errorMessage ? { errorMessage: errorMessage.slice(0, 500) } : {}),
      transaction,
      network,
      payer,
    });

    // Time has passed since verify: the window is checked again, as the library's settle does.
    const now = BigInt(Math.floor(Date.now() / 1000));
    if (BigInt(auth.validBefore) < now + 6n) return fail(Reason.validBefore);
    if (BigInt(auth.validAfter) > now) return fail(Reason.validAfter);

    // ERC-6492: deploy the account through its (allowed) factory first, if it still has no code.
    const wrapped = parseErc6492Signature(signature);
    const deployment = wrapped.address && wrapped.data && !isAddressEqual(wrapped.address, zeroAddress) ? { factory: wrapped.address, calldata: wrapped.data } : undefined;
    const inner = deployment ? wrapped.signature : signature;
    if (deployment) {
      const code = await this.evm.getCode({ address: getAddress(payer) }).catch(() => undefined);
      if (!code || code === "0x") {
        if (!this.factories.includes(deployment.factory.toLowerCase())) return fail(Reason.factoryNotAllowed);
        let ok = false;
        try {
          const hash = await this.evm.sendTransaction({ to: deployment.factory, data: deployment.calldata });
          ok = (await this.evm.waitForTransactionReceipt({ hash })).status === "success";
        } catch {
          ok = false;
        }
        if (!ok) return fail(Reason.deploymentFailed);
      }
    }

    const asset = getAddress(requirements.asset);
    const base = [getAddress(auth.from), getAddress(auth.to), BigInt(auth.value), BigInt(auth.validAfter), BigInt(auth.validBefore), auth.nonce];
    // A 65-byte signature goes to the (v, r, s) overload, anything else (ERC-1271) to the `bytes` one, as in the library.
    let sigArgs: unknown[] = [inner];
    if (size(inner) === 65) {
      const s = parseSignature(inner);
      sigArgs = [s.v || s.yParity, s.r, s.s];
    }
    let tx: Hex;
    try {
      tx = await this.evm.writeContract({ address: asset, abi: eip3009ABI, functionName: "transferWithAuthorization", args: [...base, ...sigArgs] });
    } catch {
      // Nothing was sent (the gas estimate reverted): the library re-verifies and names the reason.
      this.stats.library++;
      return super.settle(payload, requirements, context);
    }

    let receipt: { status: string; logs?: readonly Log[] };
    try {
      receipt = await this.evm.waitForTransactionReceipt({ hash: tx });
    } catch (e) {
      // As the library: a retried settle of this payload finds the transaction instead of sending it again.
      await this.pending.set(signature, tx).catch(() => undefined);
      return fail(Reason.pending, tx, e instanceof Error ? e.message : String(e));
    }
    if (receipt.status !== "success") return fail(Reason.transactionFailed, tx);
    if (receipt.logs != null) {
      const moved = parseEventLogs({ abi: transferEvent, eventName: "Transfer", logs: receipt.logs.filter((l) => isAddressEqual(l.address, asset)) as Log[] }).some(
        (l) => isAddressEqual(l.args.from, base[0] as Hex) && isAddressEqual(l.args.to, base[1] as Hex) && l.args.value === base[2],
      );
      if (!moved) return fail(Reason.transferEventMismatch, tx);
    }
    return { success: true, transaction: tx, network, payer };
  }
}

/** The verify-once path covers plain EIP-3009 payloads; Permit2 and extension-carrying payloads use the library's. */
function eligible(payload: PaymentPayload): boolean {
  return payload.x402Version === 2 && isEIP3009Payload(payload.payload as Parameters<typeof isEIP3009Payload>[0]) && (!payload.extensions || Object.keys(payload.extensions).length === 0);
}
