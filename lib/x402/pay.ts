/**
 * Signs one guarded quote into a `PAYMENT-SIGNATURE` header, with @x402/core's client and @x402/evm's exact
 * scheme. Nothing happens until this is called: the app shows the price first.
 *
 * Three things keep the signature to exactly what the person approved:
 *  - the terms are checked against the network table again (the guard ran before; this is the second line);
 *  - the scheme signs a copy of the requirement whose `asset` and `extra` (the EIP-712 domain) come from the
 *    table, never from the 402, and whose `extra` carries nothing else (no Permit2 or other flows);
 *  - the signer is wrapped so it refuses any typed data whose domain, recipient or value differ.
 * The `accepted` field sent back is the gateway's requirement unchanged: the gateway matches it against its own
 * quote, and the guard has established that it agrees with the table.
 *
 * The client's spend controls are set explicitly to allow exactly this asset and amount: its defaults allow only
 * "known" assets up to $1, and the devnet's USDC is not known to it.
 */
import { z } from "zod";
import { x402Client } from "@x402/core/client";
import { encodePaymentSignatureHeader } from "@x402/core/http";
import type { PaymentPayload, PaymentRequired, PaymentRequirements } from "@x402/core/types";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { getAddress, type Address, type Hex } from "viem";
import type { Network } from "../networks";
import { assertQuoteTerms } from "./quote-guard";
import { tableCheckedSigner, type AuthorizationToSign, type X402Signer } from "./wallet-signer";

export interface CreatedPayment {
  /** The header value: standard base64 of the PaymentPayload JSON. */
  header: string;
  headerName: "PAYMENT-SIGNATURE";
  payload: PaymentPayload;
  nonce: Hex;
  validAfter: bigint;
  validBefore: bigint;
  from: Address;
  to: Address;
  value: bigint;
}

const hex = (n?: number) => z.string().regex(n ? new RegExp(`^0x[0-9a-fA-F]{${n}}$`) : /^0x[0-9a-fA-F]+$/);
const uint = z.string().regex(/^\d{1,78}$/);
const eip3009Schema = z.object({
  signature: hex(),
  authorization: z.object({
    from: hex(40),
    to: hex(40),
    value: uint,
    validAfter: uint,
    validBefore: uint,
    nonce: hex(64),
  }),
});

export async function createPayment(opts: {
  paymentRequired: PaymentRequired;
  requirement: PaymentRequirements;
  network: Network;
  signer: X402Signer;
  /** Runs once the authorization is built and checked, before the wallet is asked (see tableCheckedSigner). */
  beforeSign?(a: AuthorizationToSign): Promise<void>;
}): Promise<CreatedPayment> {
  const { paymentRequired, requirement, network, signer } = opts;
  if (paymentRequired.x402Version !== 2) throw new Error("Only x402 version 2 payments are supported.");
  assertQuoteTerms(requirement, network);

  const value = BigInt(requirement.amount);
  const payTo = getAddress(network.payTo);
  const toSign: PaymentRequirements = {
    scheme: "exact",
    network: network.caip2,
    asset: network.usdc.address,
    amount: requirement.amount,
    payTo,
    maxTimeoutSeconds: requirement.maxTimeoutSeconds,
    extra: { name: network.usdc.name, version: network.usdc.version },
  };

  const client = new x402Client((_version, accepts) => accepts[0])
    .register(network.caip2, new ExactEvmScheme(tableCheckedSigner(signer, network, { to: payTo, value }, opts.beforeSign)))
    .setSpendControls({
      maxAmountPerPayment: false,
      allowedAssets: [{ network: network.caip2, asset: network.usdc.address, maxAmountPerPayment: requirement.amount }],
    })
    .registerPolicy((_v, reqs) => reqs.filter((r) => r === toSign));

  const created = await client.createPaymentPayload({
    x402Version: 2,
    resource: paymentRequired.resource,
    accepts: [toSign],
    ...(paymentRequired.extensions ? { extensions: paymentRequired.extensions } : {}),
  });

  const inner = eip3009Schema.safeParse(created.payload);
  if (!inner.success) throw new Error("The payment could not be built: the signer returned no valid authorization.");
  const auth = inner.data.authorization;
  if (auth.from.toLowerCase() !== signer.address.toLowerCase() || auth.to.toLowerCase() !== payTo.toLowerCase() || BigInt(auth.value) !== value) {
    throw new Error("The payment could not be built: the authorization differs from the approved price.");
  }

  const payload: PaymentPayload = {
    x402Version: 2,
    ...(paymentRequired.resource ? { resource: paymentRequired.resource } : {}),
    accepted: requirement,
    payload: created.payload,
    ...(created.extensions ? { extensions: created.extensions } : {}),
  };
  return {
    header: encodePaymentSignatureHeader(payload),
    headerName: "PAYMENT-SIGNATURE",
    payload,
    nonce: auth.nonce as Hex,
    validAfter: BigInt(auth.validAfter),
    validBefore: BigInt(auth.validBefore),
    from: getAddress(auth.from),
    to: getAddress(auth.to),
    value,
  };
}
