/**
 * The conformance table (exchanges.ts) replayed three ways:
 *  (b) client:    each recorded answer is fed to the app's client functions; the person is told what the table says;
 *  (a) devnet:    each exchange the devnet can produce is made against it (through the app's own gateway route,
 *                 paid with the app's payment code); its answer has the recorded shape and tells the person the
 *                 same thing, and the chain agrees about the money;
 *  (c) reference: the exchanges marked `reference` against @x402/core's x402HTTPResourceServer with its defaults
 *                 and @x402/evm's facilitator: the app's createPayment pays it, and the chain agrees.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { decodePaymentSignatureHeader, encodePaymentSignatureHeader } from "@x402/core/http";
import { startWorld, type World } from "@/devnet/world";
import { makePublicClient } from "@/devnet/gateway/payment";
import { postCompletion, readStream, gatewayRoute } from "@/lib/blockrun/completions";
import { gatewayErrorFrom } from "@/lib/blockrun/errors";
import { parseModels } from "@/lib/blockrun/catalog-reader";
import { buildChatRequest, serializeRequest } from "@/lib/chat/request-body";
import { readChallenge } from "@/lib/x402/challenge";
import { guardQuote } from "@/lib/x402/quote-guard";
import { createPayment } from "@/lib/x402/pay";
import { findSettlementOnChain, readSettlement } from "@/lib/x402/settlement";
import type { X402Signer } from "@/lib/x402/wallet-signer";
import { devnetNetwork, type ServerNetwork as Network } from "@/lib/networks";
import { proxyToGateway } from "@/lib/server/gateway-proxy";
import { EXCHANGES, RECORDED_NETWORK, type Exchange, type Told } from "./exchanges";
import { startReferenceServer, type ReferenceServer } from "./reference-server";
import { freePort } from "../fixtures/free-port";

// ---------------------------------------------------------------------------------------------------------------
// What the person is told, read with the app's own client functions

interface View {
  kind: Told["kind"];
  message?: string;
  money?: string;
  timeoutSeconds?: number;
  text?: string;
  whole?: boolean;
  cutShort?: boolean;
  skippedFrames?: number;
  usage?: boolean;
  error?: string;
  models?: Record<string, [string, boolean]>;
}

async function tell(res: Response, ex: Exchange, network: Network): Promise<View> {
  if (ex.request.kind === "models") {
    const models = parseModels(await res.json());
    return { kind: "catalog", models: Object.fromEntries(models.map((m) => [m.id, [m.billingMode, m.priceKnown]])) };
  }
  if (res.status === 402 && !ex.request.paid) {
    const c = await readChallenge(res, network);
    return { kind: "price", timeoutSeconds: c.requirement.maxTimeoutSeconds };
  }
  if (!res.ok) {
    const e = await gatewayErrorFrom(res, { paid: ex.request.paid });
    return { kind: e.kind === "payment_refused" ? "refused" : "error", message: e.message, money: e.money };
  }
  const r = await readStream(res, { onDelta() {} });
  return { kind: "reply", text: r.text, whole: r.done && !r.cutShort, cutShort: r.cutShort, skippedFrames: r.skippedFrames, usage: r.usage !== undefined, error: r.error };
}

/** `live`: the answer came from a running server, which writes its own reply text and catalog. */
function expectTold(view: View, told: Told, live: boolean, paid = false) {
  expect(view.kind).toBe(told.kind);
  const said = view.kind === "reply" ? view.error ?? "" : view.message ?? "";
  for (const s of told.includes ?? []) expect(said).toContain(s);
  if (told.notCharged && !paid) {
    expect(said).toMatch(/not charged/);
    expect(view.money).toBe("not_charged");
  }
  // After a signature the gateway's "not settled" is its word, not proof (lib/payments/status.ts): the person is
  // told what it says, and the money stays "unknown" until the chain shows the authorization expired unused.
  if (told.notCharged && paid) {
    expect(said).toMatch(/did not settle/);
    expect(said).not.toMatch(/You were not charged/);
    expect(view.money).toBe("unknown");
  }
  if (told.whole !== undefined) expect(view.whole).toBe(told.whole);
  if (told.cutShort !== undefined) expect(view.cutShort).toBe(told.cutShort);
  if (told.cutShort) expect(view.text).not.toBe("");
  if (told.skippedFrames !== undefined) expect(view.skippedFrames).toBe(told.skippedFrames);
  if (told.usage !== undefined) expect(view.usage).toBe(told.usage);
  if (told.whole) expect(view.error).toBeUndefined();
  if (told.timeoutSeconds !== undefined) expect(view.timeoutSeconds).toBe(told.timeoutSeconds);
  if (!live && told.text !== undefined) expect(view.text).toBe(told.text);
  if (told.models) {
    if (live) expect(Object.keys(view.models ?? {}).length).toBeGreaterThan(0);
    else expect(view.models).toEqual(told.models);
  }
}

/** Fields whose presence BlockRun documents as optional (`payer` only when known). */
const OPTIONAL_KEYS = new Set(["payer"]);
/** Fixed words compared exactly; everything else only by type. */
const FIXED = /^(Payment verification failed|Payment authorization already used|Unauthorized|invalid_payload|Payment Required|Invalid request body)$/;

/** The live body has every field of the recorded one, of the same type; codes and fixed phrases are equal. */
function expectSameShape(recorded: unknown, live: unknown, path = "body") {
  if (recorded === null || typeof recorded !== "object") {
    expect(typeof live, path).toBe(typeof recorded);
    return;
  }
  if (Array.isArray(recorded)) {
    expect(Array.isArray(live), path).toBe(true);
    return;
  }
  expect(live !== null && typeof live === "object" && !Array.isArray(live), path).toBe(true);
  const l = live as Record<string, unknown>;
  for (const [k, v] of Object.entries(recorded)) {
    if (OPTIONAL_KEYS.has(k) && !(k in l)) continue;
    expect(k in l, `${path}.${k}`).toBe(true);
    if ((k === "code" || k === "type") && typeof v === "string") expect(l[k], `${path}.${k}`).toBe(v);
    else if (typeof v === "string" && FIXED.test(v)) expect(l[k], `${path}.${k}`).toBe(v);
    else expectSameShape(v, l[k], `${path}.${k}`);
  }
}

function recordedResponse(ex: Exchange): Response {
  const r = ex.recorded;
  const headers = new Headers(r.headers);
  if (!headers.has("content-type")) headers.set("content-type", r.sse !== undefined ? "text/event-stream" : "application/json");
  return new Response(r.sse ?? (r.body === undefined ? null : JSON.stringify(r.body)), { status: r.status, headers });
}

// ---------------------------------------------------------------------------------------------------------------
// (b) the client, fed the recorded answers

describe("(b) the app's client, fed each recorded exchange", () => {
  it.each(EXCHANGES.map((e) => [e.id, e] as const))("%s", async (_id, ex) => {
    expect(ex.source.length).toBeGreaterThan(10);
    expectTold(await tell(recordedResponse(ex), ex, RECORDED_NETWORK), ex.told, false, ex.request.paid);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Live targets: the devnet gateway and the x402 reference server, reached through the app's own route


/** fetch for the client functions that goes through the app's gateway route (lib/server/gateway-proxy.ts). */
function viaAppRoute(network: Network): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), "http://app.local");
    const m = /^\/api\/gateway\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!m) throw new Error(`not a gateway route: ${url.pathname}`);
    return proxyToGateway(new Request(url, init), { network: m[1], path: m[2].split("/") }, { findNetwork: (id) => (id === network.id ? network : undefined) });
  }) as typeof fetch;
}

interface Target {
  network: Network;
  fetchImpl: typeof fetch;
  signer: X402Signer;
  payer: Address;
}

function appBody(text: string): string {
  return serializeRequest(buildChatRequest({ model: "openai/gpt-4o-mini", settings: { systemPrompt: "", maxTokens: 64 }, history: [], userText: text }));
}

function bodyOf(ex: Exchange, tag: string): string {
  return ex.request.body === "app" || ex.request.body === undefined ? appBody(`conformance: ${tag}`) : JSON.stringify(ex.request.body);
}

/** Quote, guard and sign with the app's payment code, exactly as the send flow does. */
async function payFor(t: Target, body: string) {
  const quote = await postCompletion(t.network.id, body, { fetchImpl: t.fetchImpl });
  const challenge = await readChallenge(quote, t.network);
  expect(guardQuote(challenge.requirement, t.network)).toEqual({ ok: true });
  const paid = await createPayment({ paymentRequired: challenge.paymentRequired, requirement: challenge.requirement, network: t.network, signer: t.signer });
  return { paid, amount: challenge.amount };
}

function tampered(header: string, how: "signature" | "amount"): string {
  const p = decodePaymentSignatureHeader(header);
  if (how === "signature") {
    const inner = p.payload as { signature: string };
    const i = 30;
    inner.signature = inner.signature.slice(0, i) + (inner.signature[i] === "a" ? "b" : "a") + inner.signature.slice(i + 1);
  } else {
    p.accepted = { ...p.accepted, amount: String(BigInt(p.accepted.amount) - 1n) };
  }
  return encodePaymentSignatureHeader(p);
}

let world: World;
let reference: ReferenceServer;
let client: PublicClient;
let devnet: Target;
let ref: Target;

const balanceOf = (a: Address) => client.readContract({ address: world.chain.usdc.address, abi: erc20Abi, functionName: "balanceOf", args: [a] });
const devnetOrigin = () => world.gateway.url.replace(/\/api$/, "");

beforeAll(async () => {
  // Chain 84532: the devnet token sits at Base Sepolia's USDC address, which @x402/evm's server scheme knows by default.
  world = await startWorld({ rpcPort: await freePort(), gatewayPort: 0, chainId: 84532, tokensPerSecond: 0 });
  const { chain } = world;
  client = makePublicClient(chain.rpcUrl, chain.chainId, false);
  reference = await startReferenceServer({
    rpcUrl: chain.rpcUrl,
    chainId: chain.chainId,
    payTo: chain.payTo,
    facilitatorKey: chain.fundedAccounts[3].privateKey,
    price: "$0.002",
  });
  const base = { chainId: chain.chainId, rpcUrl: chain.rpcUrl, usdc: chain.usdc, payTo: chain.payTo };
  const devnetNet = devnetNetwork({ ...base, gatewayUrl: world.gateway.url });
  const refNet = devnetNetwork({ ...base, gatewayUrl: reference.url });
  const account = (i: number) => privateKeyToAccount(chain.fundedAccounts[i].privateKey);
  devnet = { network: devnetNet, fetchImpl: viaAppRoute(devnetNet), signer: account(0) as unknown as X402Signer, payer: account(0).address };
  ref = { network: refNet, fetchImpl: viaAppRoute(refNet), signer: account(1) as unknown as X402Signer, payer: account(1).address };
}, 120_000);

afterAll(async () => {
  await reference?.close();
  await world?.stop();
});

// ---------------------------------------------------------------------------------------------------------------
// (a) the devnet gateway

async function arm(fault: unknown) {
  const r = await fetch(`${devnetOrigin()}/__devnet/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fault) });
  expect(r.status).toBe(200);
}

describe("(a) the devnet gateway answers each exchange in the recorded shape", () => {
  const onDevnet = EXCHANGES.filter((e) => e.devnet);
  it.each(onDevnet.map((e, i) => [e.id, e, i] as const))("%s", async (_id, ex, i) => {
    await fetch(`${devnetOrigin()}/__devnet/faults`, { method: "DELETE" });
    let res: Response;
    let charged: bigint | undefined;
    const before = await balanceOf(devnet.payer);
    if (ex.request.kind === "models") {
      res = await devnet.fetchImpl(gatewayRoute("devnet", "models"));
    } else {
      const body = bodyOf(ex, `devnet ${i}`);
      let header: { name: string; value: string } | undefined;
      if (ex.request.paid) {
        const { paid, amount } = await payFor(devnet, body);
        header = { name: paid.headerName, value: paid.header };
        charged = amount;
      }
      if (ex.devnet?.fault) await arm(ex.devnet.fault);
      res = await postCompletion("devnet", body, { fetchImpl: devnet.fetchImpl, paymentHeader: header });
    }
    expect(res.status).toBe(ex.recorded.status);
    for (const name of Object.keys(ex.recorded.headers ?? {})) if (name.toLowerCase() !== "content-type") expect(res.headers.has(name), name).toBe(true);
    if (ex.recorded.body !== undefined && ex.recorded.sse === undefined) {
      const live = (await res.clone().json()) as unknown;
      expectSameShape(ex.recorded.body, live);
    }
    expectTold(await tell(res, ex, devnet.network), ex.told, true, ex.request.paid);
    // The chain agrees: a refusal or an error moved nothing; a delivered reply was paid (settled before the stream).
    const after = await balanceOf(devnet.payer);
    if (ex.told.notCharged || !ex.request.paid) expect(after).toBe(before);
    else expect(after).toBe(before - charged!);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (c) the x402 reference server

describe("(c) x402's reference server (x402HTTPResourceServer defaults + @x402/evm facilitator) and the app's payment code", () => {
  const onReference = EXCHANGES.filter((e) => e.reference);

  it("the app pays it: quote, guard, createPayment, one paid retry; the settlement header and the chain agree", async () => {
    const body = appBody("pay the reference server");
    const [p0, t0] = [await balanceOf(ref.payer), await balanceOf(ref.network.payTo)];
    const { paid, amount } = await payFor(ref, body);
    expect(amount).toBe(2000n);
    const res = await postCompletion(ref.network.id, body, { fetchImpl: ref.fetchImpl, paymentHeader: { name: paid.headerName, value: paid.header } });
    expect(res.status).toBe(200);
    const settlement = readSettlement(res);
    expect(settlement?.success).toBe(true);
    const reply = await readStream(res, { onDelta() {} });
    expect(reply.text).toContain("pay the reference server");
    expect(reply.done).toBe(true);
    const receipt = await client.getTransactionReceipt({ hash: settlement!.transaction as `0x${string}` });
    expect(receipt.status).toBe("success");
    expect(await balanceOf(ref.payer)).toBe(p0 - amount);
    expect(await balanceOf(ref.network.payTo)).toBe(t0 + amount);
    const onChain = await findSettlementOnChain({ client, usdc: ref.network.usdc.address, payer: ref.payer, nonce: paid.nonce });
    expect(onChain.used).toBe(true);
  });

  it.each(onReference.map((e) => [e.id, e] as const))("%s", async (_id, ex) => {
    const body = bodyOf(ex, `reference ${ex.id}`);
    const before = await balanceOf(ref.payer);
    let res: Response;
    const r = ex.reference!;
    if ("unpaid" in r) {
      res = await postCompletion(ref.network.id, body, { fetchImpl: ref.fetchImpl });
    } else {
      const { paid } = await payFor(ref, body);
      const value = r.tamper ? tampered(paid.header, r.tamper) : paid.header;
      res = await postCompletion(ref.network.id, body, { fetchImpl: ref.fetchImpl, paymentHeader: { name: paid.headerName, value } });
    }
    expect(res.status).toBe(ex.recorded.status);
    for (const name of Object.keys(ex.recorded.headers ?? {})) {
      // The reference server sends PAYMENT-REQUIRED only (no X-Payment-Required / WWW-Authenticate: BlockRun's extras).
      if (name === "PAYMENT-REQUIRED") expect(res.headers.has(name)).toBe(true);
    }
    expectTold(await tell(res, ex, ref.network), ex.told, true, ex.request.paid);
    expect(await balanceOf(ref.payer)).toBe(before);
  });
});
