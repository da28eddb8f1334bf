/**
 * x402 v2 for the gateway, with the official libraries end to end: an `x402ResourceServer` (ExactEvmScheme server
 * side) backed by an in-process `x402Facilitator` running @x402/evm's exact facilitator over
 * `toFacilitatorEvmSigner(viem wallet + public client of the facilitator key)`.
 *
 * Settlement reuses the verification (verified-settlement.ts: the signature is checked once per payment, not again
 * in settle), and an ERC-6492 signature of a not-yet-deployed smart account is settled by deploying the account
 * through its factory first, for the factories in `eip6492AllowedFactories` (the devnet's own, see
 * devnet/chain/smart-account.ts); any other factory is refused with `eip6492_factory_not_allowed`.
 *
 * The signer's writes are serialized with a locally tracked nonce (gas is estimated outside the lock, so a
 * reverting authorization still fails with its own reason before anything is sent), and receipts are awaited,
 * so the chain reflects a settlement before the client gets its 200.
 */
import {
  createPublicClient,
  defineChain,
  encodeFunctionData,
  getAddress,
  http,
  keccak256,
  type Abi,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { sendRawTransactionSync } from "viem/actions";
import { x402ResourceServer } from "@x402/core/server";
import { x402Facilitator } from "@x402/core/facilitator";
import type { FacilitatorClient } from "@x402/core/server";
import type {
  Network,
  PaymentPayload,
  PaymentRequired,
  PaymentRequirements,
  ResourceInfo,
  SettleResponse,
  SupportedResponse,
  VerifyResponse,
} from "@x402/core/types";
import { PaymentPayloadV2Schema } from "@x402/core/schemas";
import { ExactEvmScheme as ExactEvmServerScheme } from "@x402/evm/exact/server";
import { VerifyOnceExactEvmScheme } from "./verified-settlement";
import { rpcFetch } from "./rpc-fetch";
import { toFacilitatorEvmSigner } from "@x402/evm";
import { z } from "zod";

export type Address = `0x${string}`;

export interface UsdcConfig {
  address: Address;
  name: string;
  version: string;
  decimals: 6;
}

export const MAX_TIMEOUT_SECONDS = 300;

/** A tiny FIFO mutex. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export function devnetViemChain(chainId: number, rpcUrl: string) {
  return defineChain({
    id: chainId,
    name: chainId === 84532 ? "Devnet (as Base Sepolia)" : "Devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/**
 * A public client for the devnet. `batch` coalesces concurrent calls into one JSON-RPC batch (a large win under
 * load, ~1 ms extra latency per call); latency-critical serialized calls use an unbatched client. Calls go over
 * node:http (rpc-fetch.ts), which costs a fraction of the CPU of the built-in fetch.
 */
export function makePublicClient(rpcUrl: string, chainId: number, batch = true): PublicClient {
  return createPublicClient({
    chain: devnetViemChain(chainId, rpcUrl),
    transport: http(rpcUrl, { fetchFn: rpcFetch, ...(batch ? { batch: { wait: 0 } } : {}) }),
    pollingInterval: 20,
  }) as PublicClient;
}

/**
 * Sends transactions from one key, one at a time, with a locally tracked nonce.
 *
 * The devnet's anvil automines (devnet/chain/anvil.ts), so each send is eth_sendRawTransactionSync (EIP-7966): the
 * node answers once the transaction is mined, with its receipt, and waitForReceipt hands that receipt out instead
 * of reading it in a second round trip (a loopback round trip costs the gateway more CPU than anything but
 * signature recovery).
 */
export class SerialSender {
  readonly account;
  private readonly lock = new Mutex();
  private nonce: number | undefined;
  private fees: { at: number; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined;
  /** Receipts that came back with their send, each handed out once by waitForReceipt. */
  private readonly receipts = new Map<Hex, TransactionReceipt>();

  /** Unbatched: the calls made while holding the lock and the receipt right after. */
  private readonly direct: PublicClient;

  constructor(
    private readonly client: PublicClient,
    privateKey: Hex,
    private readonly chainId: number,
    rpcUrl: string,
  ) {
    this.account = privateKeyToAccount(privateKey);
    this.direct = makePublicClient(rpcUrl, chainId, false);
  }

  private async feeCaps() {
    const now = Date.now();
    if (this.fees && now - this.fees.at < 1000) return this.fees;
    const f = await this.client.estimateFeesPerGas();
    // Generous caps: only the base fee plus the tip is actually paid.
    this.fees = { at: now, maxFeePerGas: f.maxFeePerGas * 3n, maxPriorityFeePerGas: f.maxPriorityFeePerGas };
    return this.fees;
  }

  /**
   * `gasCap`: a limit known to cover this kind of call. The call is then simulated once at that limit (eth_call, a
   * single EVM run in anvil, where eth_estimateGas searches with several) and sent with it; a call the simulation
   * refuses (a revert, or more gas than the cap) falls back to the estimate.
   */
  async send(tx: { to: Address; data: Hex; gas?: bigint; gasCap?: bigint; value?: bigint }): Promise<Hex> {
    const [gas, fees] = await Promise.all([tx.gas ?? this.gasLimit(tx), this.feeCaps()]);
    const from = this.account.address;
    return this.lock.run(async () => {
      if (this.nonce === undefined) this.nonce = await this.direct.getTransactionCount({ address: from, blockTag: "pending" });
      const nonce = this.nonce;
      try {
        const serializedTransaction = await this.account.signTransaction({
          type: "eip1559",
          chainId: this.chainId,
          to: tx.to,
          data: tx.data,
          value: tx.value,
          gas,
          nonce,
          maxFeePerGas: fees.maxFeePerGas,
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        });
        let receipt: TransactionReceipt;
        try {
          receipt = await sendRawTransactionSync(this.direct, { serializedTransaction });
        } catch (e) {
          // An error after the node took the transaction (say, no receipt in time) still used the nonce.
          const hash = keccak256(serializedTransaction);
          if (!(await this.direct.getTransaction({ hash }).catch(() => undefined))) throw e;
          this.nonce = nonce + 1;
          return hash;
        }
        this.nonce = nonce + 1;
        if (this.receipts.size >= 1000) this.receipts.delete(this.receipts.keys().next().value!);
        this.receipts.set(receipt.transactionHash, receipt);
        return receipt.transactionHash;
      } catch (e) {
        this.nonce = undefined;
        this.fees = undefined;
        throw e;
      }
    });
  }

  /** Throws with the revert reason (e.g. "authorization is used or canceled") when the call would fail: nothing is sent then. */
  private async gasLimit(tx: { to: Address; data: Hex; gasCap?: bigint; value?: bigint }): Promise<bigint> {
    const call = { account: this.account.address, to: tx.to, data: tx.data, value: tx.value };
    if (tx.gasCap !== undefined && (await this.client.call({ ...call, gas: tx.gasCap }).then(() => true, () => false))) return tx.gasCap;
    return ((await this.client.estimateGas(call)) * 13n) / 10n;
  }

  async waitForReceipt(hash: Hex, timeout = 30_000): Promise<TransactionReceipt> {
    const sent = this.receipts.get(hash);
    if (sent) {
      this.receipts.delete(hash);
      return sent;
    }
    try {
      return await this.direct.getTransactionReceipt({ hash });
    } catch {
      return this.direct.waitForTransactionReceipt({ hash, timeout, pollingInterval: 20 });
    }
  }
}

/**
 * `eth_getCode` answers, kept briefly: the exact scheme asks for the payer's code four times per paid request
 * (classify and signature check, in verify and again in settle). A deployment we send (ERC-6492 factory call)
 * clears the cache, so a counterfactual wallet our settlement deploys is seen as deployed right away.
 */
class CodeCache {
  private entries = new Map<string, { at: number; code: Hex | undefined }>();
  constructor(private readonly ttlMs: number) {}
  async get(address: Address, load: () => Promise<Hex | undefined>): Promise<Hex | undefined> {
    const key = address.toLowerCase();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.code;
    const code = await load();
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { at: now, code });
    return code;
  }
  clear() {
    this.entries.clear();
  }
}

/**
 * Gas limit for FiatToken's transferWithAuthorization: it uses about 78,000 from an EOA (95,000 to a first-time
 * recipient); an ERC-1271 wallet's isValidSignature adds to that. A transfer that needs more is estimated instead.
 */
export const TRANSFER_WITH_AUTHORIZATION_GAS = 250_000n;

/** The facilitator signer @x402/evm's exact scheme runs on. */
export function makeFacilitatorSigner(client: PublicClient, sender: SerialSender) {
  const codes = new CodeCache(2000);
  return toFacilitatorEvmSigner(
    {
      address: sender.account.address,
      readContract: (args) =>
        client.readContract({
          address: args.address,
          abi: args.abi as Abi,
          functionName: args.functionName,
          args: args.args as unknown[] | undefined,
        } as Parameters<PublicClient["readContract"]>[0]),
      verifyTypedData: (args) => client.verifyTypedData(args as Parameters<PublicClient["verifyTypedData"]>[0]),
      getCode: (args) => codes.get(args.address, () => client.getCode(args)),
      writeContract: async (args) => {
        let data = encodeFunctionData({ abi: args.abi as Abi, functionName: args.functionName, args: args.args as unknown[] });
        if (args.dataSuffix) data = `${data}${args.dataSuffix.slice(2)}` as Hex;
        const gasCap = args.functionName === "transferWithAuthorization" ? TRANSFER_WITH_AUTHORIZATION_GAS : undefined;
        return sender.send({ to: args.address, data, gas: args.gas, gasCap });
      },
      sendTransaction: async (args) => {
        codes.clear();
        const hash = await sender.send({ to: args.to, data: args.data });
        codes.clear();
        return hash;
      },
      waitForTransactionReceipt: (args) => sender.waitForReceipt(args.hash, args.timeout),
    },
    { confirmationTimeoutMs: 30_000 },
  );
}

export function paymentInfoNetwork(chainId: number): "base" | "base-sepolia" | "devnet" {
  return chainId === 8453 ? "base" : chainId === 84532 ? "base-sepolia" : "devnet";
}

/** EIP-3009 `exact` payload fields, checked before any library code touches them (BigInt of junk throws). */
const uint = z.string().regex(/^\d{1,78}$/);
export const eip3009PayloadSchema = z.object({
  signature: z.string().regex(/^0x[0-9a-fA-F]+$/),
  authorization: z.object({
    from: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    to: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    value: uint,
    validAfter: uint,
    validBefore: uint,
    nonce: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  }),
});

export type DecodedPayment =
  | { ok: true; payload: PaymentPayload }
  | { ok: false; reason: string; message: string };

/** Validates a decoded PAYMENT-SIGNATURE / X-PAYMENT value: x402 v2 payload carrying an EIP-3009 authorization. */
export function checkPaymentPayload(decoded: unknown): DecodedPayment {
  const v2 = PaymentPayloadV2Schema.safeParse(decoded);
  if (!v2.success) {
    const version = (decoded as { x402Version?: unknown } | null)?.x402Version;
    if (version !== undefined && version !== 2) {
      return { ok: false, reason: "invalid_x402_version", message: `x402Version ${String(version)} is not supported; use 2` };
    }
    return { ok: false, reason: "invalid_payload", message: "The payment payload is not an x402 v2 PaymentPayload" };
  }
  const inner = eip3009PayloadSchema.safeParse(v2.data.payload);
  if (!inner.success) {
    return { ok: false, reason: "invalid_payload", message: "The payment payload carries no valid EIP-3009 authorization" };
  }
  return { ok: true, payload: decoded as PaymentPayload };
}

/**
 * Matches a payment to this request's quote as BlockRun does: same scheme, network, token and recipient, and an
 * amount that covers the quote. Not the textbook deep equality of `accepted` (x402ResourceServer
 * .findMatchingRequirements): BlockRun's own SDK does not echo the 402's entry but rebuilds `accepted` from its
 * own table (@blockrun/llm createPaymentPayload: asset and extra from its network table, maxTimeoutSeconds
 * `|| 300`), so BlockRun cannot be comparing it field for field; issue 8 records the rule as "amount covers the
 * quote". The facilitator then verifies the signature against the amount the payer signed, and that is what
 * settles. Returns the requirements to verify and settle with, or undefined.
 */
export function matchCoveringPayment(quote: PaymentRequirements, payload: PaymentPayload): PaymentRequirements | undefined {
  const a = payload.accepted as Partial<PaymentRequirements> | undefined;
  if (!a || a.scheme !== quote.scheme || a.network !== quote.network) return undefined;
  if (typeof a.asset !== "string" || a.asset.toLowerCase() !== quote.asset.toLowerCase()) return undefined;
  if (typeof a.payTo !== "string" || a.payTo.toLowerCase() !== quote.payTo.toLowerCase()) return undefined;
  if (typeof a.amount !== "string" || !/^\d{1,78}$/.test(a.amount) || BigInt(a.amount) < BigInt(quote.amount)) return undefined;
  const t = a.maxTimeoutSeconds;
  const timeout = typeof t === "number" && Number.isInteger(t) && t > 0 && t <= 3600 ? t : quote.maxTimeoutSeconds;
  return { ...quote, amount: a.amount, maxTimeoutSeconds: timeout };
}

export interface X402 {
  network: Network;
  resourceServer: x402ResourceServer;
  facilitator: x402Facilitator;
  /** The exact scheme's facilitator (its `stats` say how settlements went). */
  scheme: VerifyOnceExactEvmScheme;
  /** Payment requirements for an amount, exactly as `buildPaymentRequirements` makes them. */
  requirements(amount: bigint): PaymentRequirements;
  paymentRequired(requirements: PaymentRequirements[], resource: ResourceInfo, error: string | undefined): PaymentRequired;
  /** BlockRun's matching: the payment covers this request's quote (see matchCoveringPayment). */
  match(requirements: PaymentRequirements, payload: PaymentPayload): PaymentRequirements | undefined;
  verify(payload: PaymentPayload, requirements: PaymentRequirements): Promise<VerifyResponse>;
  settle(payload: PaymentPayload, requirements: PaymentRequirements): Promise<SettleResponse>;
  facilitatorAddress: Address;
}

export interface X402Options {
  rpcUrl: string;
  chainId: number;
  usdc: UsdcConfig;
  payTo: Address;
  facilitatorPrivateKey: Hex;
  /** Smart-account factories an ERC-6492 signature may call (none: counterfactual accounts are refused). */
  eip6492AllowedFactories?: Address[];
  client?: PublicClient;
}

export async function createX402(o: X402Options): Promise<X402> {
  const network = `eip155:${o.chainId}` as Network;
  const client = o.client ?? makePublicClient(o.rpcUrl, o.chainId);
  const sender = new SerialSender(client, o.facilitatorPrivateKey, o.chainId, o.rpcUrl);
  const signer = makeFacilitatorSigner(client, sender);

  const scheme = new VerifyOnceExactEvmScheme(signer, { eip6492AllowedFactories: o.eip6492AllowedFactories ?? [] });
  const facilitator = new x402Facilitator().register(network, scheme);
  const facilitatorClient: FacilitatorClient = {
    verify: (p, r) => facilitator.verify(p, r),
    settle: (p, r) => facilitator.settle(p, r),
    getSupported: async () => facilitator.getSupported() as SupportedResponse,
  };
  const resourceServer = new x402ResourceServer(facilitatorClient).register(network, new ExactEvmServerScheme());
  await resourceServer.initialize();

  const asset = getAddress(o.usdc.address);
  const payTo = getAddress(o.payTo);
  const extra = { name: o.usdc.name, version: o.usdc.version };

  return {
    network,
    resourceServer,
    facilitator,
    scheme,
    facilitatorAddress: sender.account.address,
    requirements: (amount) => ({
      scheme: "exact",
      network,
      amount: amount.toString(),
      asset,
      payTo,
      maxTimeoutSeconds: MAX_TIMEOUT_SECONDS,
      extra: { ...extra },
    }),
    paymentRequired: (accepts, resource, error) => ({
      x402Version: 2,
      ...(error !== undefined ? { error } : {}),
      resource,
      accepts,
    }),
    match: (requirements, payload) => matchCoveringPayment(requirements, payload),
    verify: (payload, requirements) => resourceServer.verifyPayment(payload, requirements),
    settle: async (payload, requirements) => {
      try {
        return await resourceServer.settlePayment(payload, requirements);
      } catch (e) {
        const err = e as { errorReason?: string; message?: string };
        return {
          success: false,
          errorReason: err.errorReason ?? "settlement_error",
          errorMessage: err.message ?? String(e),
          transaction: "",
          network,
        };
      }
    },
  };
}
