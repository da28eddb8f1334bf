/**
 * The devnet gateway against a real chain (anvil + Circle's FiatTokenV2_2 + Multicall3), paid by real, independent
 * clients: BlockRun's own SDK (@blockrun/llm, chain 84532) and @x402/fetch with @x402/evm (chain 31337).
 * No mocks: every payment is an EIP-3009 signature verified and settled on chain; balances are read with viem.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import { createPublicClient, erc20Abi, http, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { x402Client, x402HTTPClient } from "@x402/core/client";
import { decodePaymentRequiredHeader, decodePaymentResponseHeader } from "@x402/core/http";
import type { PaymentPayload, PaymentRequired } from "@x402/core/types";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment } from "@x402/fetch";
import type { Chain } from "@/devnet/chain/start-chain";
import { startWorld as startDevnetWorld } from "@/devnet/world";
import type { Gateway } from "@/devnet/gateway/server";
import { parseSse } from "@/devnet/gateway/openai";
import { freePort } from "../fixtures/free-port";


interface World {
  chain: Chain;
  gateway: Gateway;
  stop(): Promise<void>;
  client: PublicClient;
  chat: string;
  origin: string;
  balance(a: Address): Promise<bigint>;
}

/** The project's own local world (devnet/world.ts) on free ports, with the test's conveniences on top. */
async function startWorld(chainId: number): Promise<World> {
  const world = await startDevnetWorld({ rpcPort: await freePort(), gatewayPort: 0, chainId, tokensPerSecond: 0 });
  const { chain, gateway } = world;
  const client = createPublicClient({ transport: http(chain.rpcUrl) }) as PublicClient;
  return {
    chain,
    gateway,
    stop: world.stop,
    client,
    chat: `${gateway.url}/v1/chat/completions`,
    origin: gateway.url.replace(/\/api$/, ""),
    balance: (a) => client.readContract({ address: chain.usdc.address, abi: erc20Abi, functionName: "balanceOf", args: [a] }),
  };
}

const jsonHeaders = { "content-type": "application/json" };

function body(content: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content }], max_tokens: 200, ...extra });
}

// =============================================================================================================
describe("gateway on chain 31337, paid with @x402/fetch + @x402/evm", () => {
  let w: World;
  let payer: PrivateKeyAccount;
  let evmClient: x402Client;
  let httpClient: x402HTTPClient;

  beforeAll(async () => {
    w = await startWorld(31337);
    payer = privateKeyToAccount(w.chain.fundedAccounts[0].privateKey);
    evmClient = new x402Client().register("eip155:31337", new ExactEvmScheme(payer));
    // The devnet token is not one of @x402/core's known assets: allow it explicitly.
    evmClient.setSpendControls({ allowedAssets: [{ network: "eip155:31337", asset: w.chain.usdc.address }] });
    httpClient = new x402HTTPClient(evmClient);
  }, 60_000);

  afterAll(async () => {
    await w?.stop();
  });

  async function challenge(b: string): Promise<{ res: Response; pr: PaymentRequired; json: Record<string, unknown> }> {
    const res = await fetch(w.chat, { method: "POST", headers: jsonHeaders, body: b });
    expect(res.status).toBe(402);
    const pr = decodePaymentRequiredHeader(res.headers.get("payment-required")!);
    return { res, pr, json: (await res.json()) as Record<string, unknown> };
  }

  /** Signs the challenge for `b` (optionally signing altered requirements but presenting the original `accepted`). */
  async function signed(b: string, opts: { alter?: Record<string, unknown>; signer?: x402Client } = {}) {
    const { pr } = await challenge(b);
    const original = pr.accepts[0];
    const toSign: PaymentRequired = opts.alter ? { ...pr, accepts: [{ ...original, ...opts.alter }] } : pr;
    const payload = await (opts.signer ?? evmClient).createPaymentPayload(toSign);
    if (opts.alter) payload.accepted = original;
    return { payload, amount: BigInt(original.amount) };
  }

  function headerOf(p: PaymentPayload, name = "PAYMENT-SIGNATURE") {
    const v = httpClient.encodePaymentSignatureHeader(p)["PAYMENT-SIGNATURE"];
    return { ...jsonHeaders, [name]: v };
  }

  /** BlockRun's refusal (docs/x402/payment-flow.md): 402 {error, code, message, debug: <facilitator reason>}. */
  async function expectRefused(res: Response, reason: string, before: [bigint, bigint], who: Address, code = "PAYMENT_INVALID") {
    expect(res.status).toBe(402);
    const json = (await res.json()) as { error: string; code: string; debug?: string; message: string };
    expect(json.code).toBe(code);
    if (code === "PAYMENT_REPLAY") expect(json.error).toBe("Payment authorization already used");
    else {
      expect(json.error).toBe("Payment verification failed");
      expect(json.debug).toContain(reason);
    }
    expect(res.headers.get("payment-required")).toBeNull();
    expect(res.headers.get("payment-response")).toBeNull();
    expect([await w.balance(who), await w.balance(w.chain.payTo)]).toEqual(before);
  }

  it("serves health, the catalog and CORS preflight", async () => {
    expect(await (await fetch(`${w.origin}/__devnet/health`)).json()).toMatchObject({ ok: true, chainId: 31337 });
    const models = await fetch(`${w.gateway.url}/v1/models`);
    expect(models.headers.get("access-control-allow-origin")).toBe("*");
    const list = (await models.json()) as { object: string; data: { id: string }[] };
    expect(list.object).toBe("list");
    expect(list.data.map((m) => m.id)).toContain("openai/gpt-5.5");
    const pre = await fetch(w.chat, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000", "access-control-request-method": "POST", "access-control-request-headers": "content-type,payment-signature" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/PAYMENT-SIGNATURE/);
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/X-PAYMENT/);
  });

  it("answers an unpaid request with BlockRun's 402", async () => {
    const b = body("What is 2+2?");
    const { res, pr, json } = await challenge(b);
    const b64 = res.headers.get("payment-required")!;
    expect(res.headers.get("x-payment-required")).toBe(b64);
    expect(res.headers.get("www-authenticate")).toBe(`X402 requirements="${b64}"`);
    expect(res.headers.get("access-control-expose-headers")).toMatch(/PAYMENT-REQUIRED/);
    expect(pr).toEqual({
      x402Version: 2,
      error: "Payment required",
      resource: { url: w.chat, description: expect.any(String), mimeType: "application/json" },
      accepts: [
        {
          scheme: "exact",
          network: "eip155:31337",
          amount: expect.stringMatching(/^\d+$/),
          asset: w.chain.usdc.address,
          payTo: w.chain.payTo,
          maxTimeoutSeconds: 300,
          extra: { name: w.chain.usdc.name, version: "2" },
        },
      ],
    });
    expect(json).toMatchObject({
      error: "Payment Required",
      message: "This endpoint requires x402 payment",
      paymentInfo: { network: "devnet", asset: "USDC", x402Version: 2 },
      x402Version: 2,
      accepts: pr.accepts,
      resource: pr.resource,
    });
    const price = json.price as { amount: string; breakdown: Record<string, string> };
    expect(price.breakdown).toMatchObject({ margin: "0%", fee: "0.001000" });
    expect(BigInt(price.amount.replace(".", ""))).toBe(BigInt(pr.accepts[0].amount));
    // Identical body => identical quote.
    expect((await challenge(b)).pr.accepts).toEqual(pr.accepts);
  });

  it("rejects bad bodies with 400 in BlockRun's shapes (errors.md)", async () => {
    const post = (b: string) => fetch(w.chat, { method: "POST", headers: jsonHeaders, body: b });
    let r = await post("{not json");
    expect(r.status).toBe(400);
    expect(((await r.json()) as { code: string }).code).toBe("INVALID_JSON");
    r = await post(JSON.stringify({ model: "openai/gpt-4o-mini", messages: [] }));
    expect(r.status).toBe(400);
    expect((await r.json()) as object).toMatchObject({ error: { code: "INVALID_REQUEST_BODY" }, code: "INVALID_REQUEST_BODY", details: expect.any(Array) });
    r = await post(body("hi", { model: "nobody/nothing" }));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/^Unknown model: nobody\/nothing\./);
    r = await post(body("x".repeat(1024 * 1024 + 10)));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { code: string }).code).toBe("REQUEST_TOO_LARGE");
  });

  // @blockrun/llm CHANGELOG 3.8.3: min(requested, model.maxOutput, contextHeadroom), priced at the clamped value.
  it("clamps max_tokens to the model's output limit and the context headroom, pricing the clamped value", async () => {
    const quoteOf = async (b: string) => {
      const r = await fetch(w.chat, { method: "POST", headers: jsonHeaders, body: b });
      expect(r.status).toBe(402);
      return { amount: decodePaymentRequiredHeader(r.headers.get("payment-required")!).accepts[0].amount, r };
    };
    const atLimit = await quoteOf(body("clamp", { max_tokens: 16_384 }));
    expect(atLimit.r.headers.get("x-max-tokens-capped")).toBeNull();
    const huge = await quoteOf(body("clamp", { max_tokens: 1_000_000_000 }));
    expect(huge.amount).toBe(atLimit.amount);
    expect(huge.r.headers.get("x-max-tokens-capped")).toBe("true");
    expect(huge.r.headers.get("x-max-tokens-requested")).toBe("1000000000");
    expect(huge.r.headers.get("x-max-tokens-effective")).toBe("16384");
    // Paid at the clamped price, the reply is cut at the clamped limit.
    const paid = await wrapFetchWithPayment(fetch, evmClient)(w.chat, { method: "POST", headers: jsonHeaders, body: body("clamp", { max_tokens: 1_000_000_000 }) });
    expect(paid.status).toBe(200);
    expect(paid.headers.get("x-max-tokens-effective")).toBe("16384");
    expect(((await paid.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBeLessThanOrEqual(16_384);
  });

  it("a prompt with no room left in the context window is a 400 CONTEXT_LENGTH_EXCEEDED", async () => {
    const words = "lorem ipsum dolor sit amet ".repeat(30_000); // ~150k tokens > gpt-4o-mini's 128k window
    const r = await fetch(w.chat, { method: "POST", headers: jsonHeaders, body: body(words) });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { code: string }).code).toBe("CONTEXT_LENGTH_EXCEEDED");
  });

  it("serves a free model without any 402", async () => {
    const r = await fetch(w.chat, { method: "POST", headers: jsonHeaders, body: body("hello", { model: "nvidia/llama-3.2-11b-vision" }) });
    expect(r.status).toBe(200);
    const json = (await r.json()) as { model: string; choices: { message: { content: string } }[] };
    expect(json.model).toBe("nvidia/llama-3.2-11b-vision");
    expect(json.choices[0].message.content).toContain('You said: "hello"');
  });

  it("is paid by @x402/fetch: exactly `amount` moves from payer to payTo, on chain before the 200", async () => {
    const b = body("Pay me <img src=x onerror=alert(1)>");
    const amount = BigInt((await challenge(b)).pr.accepts[0].amount);
    const [p0, t0] = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
    const res = await wrapFetchWithPayment(fetch, evmClient)(w.chat, { method: "POST", headers: jsonHeaders, body: b });
    expect(res.status).toBe(200);
    const settle = decodePaymentResponseHeader(res.headers.get("payment-response")!);
    expect(settle).toMatchObject({ success: true, network: "eip155:31337", payer: payer.address });
    expect(res.headers.get("x-payment-receipt")).toBe(settle.transaction);
    const receipt = await w.client.getTransactionReceipt({ hash: settle.transaction as `0x${string}` });
    expect(receipt.status).toBe("success");
    expect(await w.balance(payer.address)).toBe(p0 - amount);
    expect(await w.balance(w.chain.payTo)).toBe(t0 + amount);
    const json = (await res.json()) as { object: string; choices: { message: { content: string }; finish_reason: string }[]; usage: Record<string, number> };
    expect(json.object).toBe("chat.completion");
    expect(json.choices[0].message.content).toContain('You said: "Pay me <img src=x onerror=alert(1)>"');
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + json.usage.completion_tokens);
  });

  it("is paid for a stream: headers (with PAYMENT-RESPONSE) after settlement, then SSE", async () => {
    const b = body("Stream a table please", { stream: true, max_tokens: 500, stream_options: { include_usage: true } });
    const amount = BigInt((await challenge(b)).pr.accepts[0].amount);
    const t0 = await w.balance(w.chain.payTo);
    const res = await wrapFetchWithPayment(fetch, evmClient)(w.chat, { method: "POST", headers: jsonHeaders, body: b });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(decodePaymentResponseHeader(res.headers.get("payment-response")!).success).toBe(true);
    expect(await w.balance(w.chain.payTo)).toBe(t0 + amount);
    const { events, done } = parseSse(await res.text());
    expect(done).toBe(true);
    const ev = events as { choices: { delta: { content?: string } }[]; usage?: { completion_tokens: number } }[];
    const text = ev.map((e) => e.choices[0]?.delta.content ?? "").join("");
    expect(text).toContain("| Item | Value |");
    expect(text).toContain("```ts");
    expect(ev.at(-1)!.choices).toEqual([]);
    expect(ev.at(-1)!.usage!.completion_tokens).toBeGreaterThan(10);
  });

  it("accepts the v1 header name X-PAYMENT with a v2 payload", async () => {
    const { payload, amount } = await signed(body("via X-PAYMENT"));
    const t0 = await w.balance(w.chain.payTo);
    const res = await fetch(w.chat, { method: "POST", headers: headerOf(payload, "X-PAYMENT"), body: body("via X-PAYMENT") });
    expect(res.status).toBe(200);
    expect(await w.balance(w.chain.payTo)).toBe(t0 + amount);
  });

  it("refuses a replayed signature (nonce already used)", async () => {
    const b = body("replay me");
    const { payload } = await signed(b);
    const first = await fetch(w.chat, { method: "POST", headers: headerOf(payload), body: b });
    expect(first.status).toBe(200);
    await first.text();
    const before: [bigint, bigint] = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
    const again = await fetch(w.chat, { method: "POST", headers: headerOf(payload), body: b });
    await expectRefused(again, "invalid_exact_evm_nonce_already_used", before, payer.address, "PAYMENT_REPLAY");
  });

  it("refuses a tampered signature", async () => {
    const b = body("tamper");
    const { payload } = await signed(b);
    const sig = (payload.payload as { signature: string }).signature;
    const i = 20;
    (payload.payload as { signature: string }).signature = sig.slice(0, i) + (sig[i] === "a" ? "b" : "a") + sig.slice(i + 1);
    const before: [bigint, bigint] = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
    await expectRefused(await fetch(w.chat, { method: "POST", headers: headerOf(payload), body: b }), "invalid_exact_evm_signature", before, payer.address);
  });

  it("refuses an authorization to the wrong payTo", async () => {
    const b = body("wrong payTo");
    const { payload } = await signed(b, { alter: { payTo: "0x000000000000000000000000000000000000dEaD" } });
    const before: [bigint, bigint] = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
    await expectRefused(await fetch(w.chat, { method: "POST", headers: headerOf(payload), body: b }), "invalid_exact_evm_recipient_mismatch", before, payer.address);
  });

  it("refuses an underpaid value", async () => {
    const b = body("underpay");
    const { pr } = await challenge(b);
    const { payload } = await signed(b, { alter: { amount: String(BigInt(pr.accepts[0].amount) - 1n) } });
    const before: [bigint, bigint] = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
    await expectRefused(await fetch(w.chat, { method: "POST", headers: headerOf(payload), body: b }), "invalid_exact_evm_payload_authorization_value_mismatch", before, payer.address);
  });

  it("refuses an expired validBefore", async () => {
    const b = body("expired");
    const { payload } = await signed(b, { alter: { maxTimeoutSeconds: 1 } });
    const before: [bigint, bigint] = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
    await expectRefused(await fetch(w.chat, { method: "POST", headers: headerOf(payload), body: b }), "invalid_exact_evm_payload_authorization_valid_before", before, payer.address, "PAYMENT_UNFUNDED");
  });

  it("refuses an `accepted` below the quote (and a payment for a dearer body)", async () => {
    const b = body("changed accepted");
    const { payload } = await signed(b);
    const before: [bigint, bigint] = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
    const altered = { ...payload, accepted: { ...payload.accepted, amount: "1000" } };
    await expectRefused(await fetch(w.chat, { method: "POST", headers: headerOf(altered), body: b }), "No matching payment requirements", before, payer.address);
    // The same valid signature presented with a longer body (a different quote) is refused too.
    await expectRefused(
      await fetch(w.chat, { method: "POST", headers: headerOf(payload), body: body("changed accepted", { max_tokens: 2000 }) }),
      "No matching payment requirements",
      before,
      payer.address,
    );
  });

  it("refuses a payer without funds", async () => {
    const broke = privateKeyToAccount(generatePrivateKey());
    const signer = new x402Client().register("eip155:31337", new ExactEvmScheme(broke));
    signer.setSpendControls(false);
    const b = body("no money");
    const { payload } = await signed(b, { signer });
    const before: [bigint, bigint] = [await w.balance(broke.address), await w.balance(w.chain.payTo)];
    await expectRefused(await fetch(w.chat, { method: "POST", headers: headerOf(payload), body: b }), "invalid_exact_evm_insufficient_balance", before, broke.address, "PAYMENT_UNFUNDED");
  });

  it("settles concurrent payments without nonce collisions", async () => {
    const payers = w.chain.fundedAccounts.slice(1, 5).map((a) => {
      const c = new x402Client().register("eip155:31337", new ExactEvmScheme(privateKeyToAccount(a.privateKey)));
      c.setSpendControls(false);
      return wrapFetchWithPayment(fetch, c);
    });
    const bodies = Array.from({ length: 24 }, (_, i) => body(`concurrent ${i}`));
    let expected = 0n;
    for (const b of bodies) expected += BigInt((await challenge(b)).pr.accepts[0].amount);
    const t0 = await w.balance(w.chain.payTo);
    const results = await Promise.all(bodies.map((b, i) => payers[i % payers.length](w.chat, { method: "POST", headers: jsonHeaders, body: b })));
    expect(results.map((r) => r.status)).toEqual(bodies.map(() => 200));
    const txs = new Set(results.map((r) => r.headers.get("x-payment-receipt")));
    expect(txs.size).toBe(bodies.length);
    expect(await w.balance(w.chain.payTo)).toBe(t0 + expected);
  });

  it("reports prompt-cache writes then reads for Anthropic models", async () => {
    const pay = wrapFetchWithPayment(fetch, evmClient);
    const messages = [
      { role: "system", content: "You are a careful assistant. ".repeat(20) },
      { role: "user", content: "first turn" },
    ];
    const call = async (extra: Record<string, unknown>) => {
      const r = await pay(w.chat, { method: "POST", headers: jsonHeaders, body: JSON.stringify({ model: "anthropic/claude-haiku-4.5", messages, max_tokens: 100, ...extra }) });
      expect(r.status).toBe(200);
      return ((await r.json()) as { usage: Record<string, unknown> }).usage;
    };
    const first = await call({ prompt_cache: true });
    expect(first.cache_creation_input_tokens).toBeGreaterThan(100);
    expect(first.prompt_tokens_details).toEqual({ cached_creation_tokens: first.cache_creation_input_tokens });
    const second = await call({ prompt_cache: true, temperature: 0.2 });
    expect(second.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(second.prompt_tokens_details).toEqual({ cached_tokens: second.cache_read_input_tokens });
    const off = await call({});
    expect(off.prompt_tokens_details).toBeUndefined();
  });

  it("reports reasoning tokens for reasoning models", async () => {
    const pay = wrapFetchWithPayment(fetch, evmClient);
    const r = await pay(w.chat, { method: "POST", headers: jsonHeaders, body: body("think", { model: "openai/gpt-5.4-mini" }) });
    const usage = ((await r.json()) as { usage: { completion_tokens: number; completion_tokens_details: { reasoning_tokens: number } } }).usage;
    expect(usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(usage.completion_tokens_details.reasoning_tokens);
  });

  describe("faults", () => {
    const arm = async (f: Record<string, unknown>) => {
      const r = await fetch(`${w.origin}/__devnet/faults`, { method: "POST", headers: jsonHeaders, body: JSON.stringify(f) });
      expect(r.status).toBe(200);
    };
    const post = (b: string, headers: Record<string, string> = jsonHeaders) => fetch(w.chat, { method: "POST", headers, body: b });

    it("rate_limit: 429 with Retry-After", async () => {
      await arm({ kind: "rate_limit", retry_after_seconds: 3 });
      const r = await post(body("rl"));
      expect(r.status).toBe(429);
      expect(r.headers.get("retry-after")).toBe("3");
      expect(await r.json()).toMatchObject({ error: { type: "rate_limit_error", code: "RATE_LIMITED" }, code: "RATE_LIMITED", retry_after_seconds: 3 });
      expect((await post(body("rl"))).status).toBe(402);
    });

    it("bad_gateway: 502 once", async () => {
      await arm({ kind: "bad_gateway" });
      expect((await post(body("bg"))).status).toBe(502);
      expect((await post(body("bg"))).status).toBe(402);
    });

    it("upstream_failure: 502 after verification, nothing settled, the same signature then works", async () => {
      const b = body("upstream");
      const { payload, amount } = await signed(b);
      await arm({ kind: "upstream_failure" });
      const before = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
      const r = await post(b, headerOf(payload));
      expect(r.status).toBe(502);
      expect(r.headers.get("payment-response")).toBeNull();
      expect([await w.balance(payer.address), await w.balance(w.chain.payTo)]).toEqual(before);
      const retry = await post(b, headerOf(payload));
      expect(retry.status).toBe(200);
      expect(await w.balance(w.chain.payTo)).toBe(before[1] + amount);
    });

    it("settlement_failure: 402 with PAYMENT-RESPONSE success:false, nothing moved", async () => {
      const b = body("settle fail");
      const { payload } = await signed(b);
      await arm({ kind: "settlement_failure" });
      const before = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
      const r = await post(b, headerOf(payload));
      expect(r.status).toBe(402);
      const s = decodePaymentResponseHeader(r.headers.get("payment-response")!);
      expect(s.success).toBe(false);
      expect(s.transaction).toBe("");
      expect([await w.balance(payer.address), await w.balance(w.chain.payTo)]).toEqual(before);
    });

    it("fallback: 200 from the free model, X-Fallback-* headers, not settled", async () => {
      const b = body("fallback");
      const { payload } = await signed(b);
      await arm({ kind: "fallback" });
      const before = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
      const r = await post(b, headerOf(payload));
      expect(r.status).toBe(200);
      expect(r.headers.get("x-fallback-used")).toBe("true");
      expect(r.headers.get("x-fallback-model")).toBe("nvidia/llama-3.2-11b-vision");
      expect(r.headers.get("x-settlement-skipped")).toBe("free-fallback");
      expect(r.headers.get("payment-response")).toBeNull();
      expect(((await r.json()) as { model: string }).model).toBe("nvidia/llama-3.2-11b-vision");
      expect([await w.balance(payer.address), await w.balance(w.chain.payTo)]).toEqual(before);
    });

    it("slow_first_byte delays the answer, not the 402", async () => {
      const b = body("slow");
      const { payload } = await signed(b);
      // A delay far above any machine's noise: the 402 must come back well before it, the answer after it.
      await arm({ kind: "slow_first_byte", ms: 4000 });
      let t = performance.now();
      expect((await post(b)).status).toBe(402);
      expect(performance.now() - t).toBeLessThan(2000);
      t = performance.now();
      expect((await post(b, headerOf(payload))).status).toBe(200);
      expect(performance.now() - t).toBeGreaterThanOrEqual(3990);
    });

    it("body_only_challenge: the challenge only in the JSON body", async () => {
      await arm({ kind: "body_only_challenge" });
      const r = await post(body("body only"));
      expect(r.status).toBe(402);
      expect(r.headers.get("payment-required")).toBeNull();
      expect(r.headers.get("x-payment-required")).toBeNull();
      expect(r.headers.get("www-authenticate")).toBeNull();
      const json = (await r.json()) as { accepts: { payTo: string }[]; x402Version: number };
      expect(json.x402Version).toBe(2);
      expect(json.accepts[0].payTo).toBe(w.chain.payTo);
    });

    it("hostile quotes alter the 402's accepts", async () => {
      await arm({ kind: "hostile_pay_to" });
      await arm({ kind: "hostile_asset", asset: "0x1111111111111111111111111111111111111111" });
      await arm({ kind: "hostile_amount", amount: "99000000" });
      const got = [];
      for (let i = 0; i < 3; i++) got.push(decodePaymentRequiredHeader((await post(body("hostile"))).headers.get("payment-required")!).accepts[0]);
      expect(got[0].payTo).toBe("0x000000000000000000000000000000000000dEaD");
      expect(got[1].asset).toBe("0x1111111111111111111111111111111111111111");
      expect(got[2].amount).toBe("99000000");
      const honest = decodePaymentRequiredHeader((await post(body("hostile"))).headers.get("payment-required")!).accepts[0];
      expect(honest.payTo).toBe(w.chain.payTo);
    });

    it("a stream carries its usage frame only when stream_options.include_usage is asked", async () => {
      const free = (extra: Record<string, unknown>) => body("usage?", { model: "nvidia/llama-3.2-11b-vision", stream: true, max_tokens: 20, ...extra });
      const without = parseSse(await (await post(free({}))).text());
      expect(without.events.some((e) => (e as { usage?: unknown }).usage)).toBe(false);
      const asked = parseSse(await (await post(free({ stream_options: { include_usage: true } }))).text());
      expect((asked.events.at(-1) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(20);
    });

    it("stream_glitch: a frame that is not JSON, and no [DONE]", async () => {
      await arm({ kind: "stream_glitch" });
      const text = await (await post(body("glitch", { model: "nvidia/llama-3.2-11b-vision", stream: true, max_tokens: 20 }))).text();
      expect(text).toContain('data: {"id": "chatcmpl-broken"');
      expect(text).not.toContain("[DONE]");
      expect(text).toContain('"finish_reason":"length"');
    });

    it("stream_glitch cut_after / error_text: the stream breaks before the finish reason", async () => {
      await arm({ kind: "stream_glitch", bad_frame: false, cut_after: 3 });
      const cut = await (await post(body("cut", { model: "nvidia/llama-3.2-11b-vision", stream: true, max_tokens: 40 }))).text().catch((e: unknown) => String(e));
      expect(cut).not.toContain("finish_reason\":\"");
      await arm({ kind: "stream_glitch", bad_frame: false, cut_after: 2, error_text: "upstream stalled" });
      const err = await (await post(body("err", { model: "nvidia/llama-3.2-11b-vision", stream: true, max_tokens: 40 }))).text();
      expect(err).toContain("event: error\ndata: upstream stalled");
    });

    it.each([
      ["header_only", 402],
      ["details", 402],
      ["code_debug", 402],
      ["status_400", 400],
      ["status_401", 401],
    ] as const)("refusal_shape %s: refused as that server would, nothing settled", async (shape, status) => {
      const b = body(`shape ${shape}`);
      const { payload } = await signed(b);
      await arm({ kind: "refusal_shape", shape, reason: "invalid_exact_evm_signature" });
      const before = [await w.balance(payer.address), await w.balance(w.chain.payTo)];
      const r = await post(b, headerOf(payload));
      expect(r.status).toBe(status);
      const raw = await r.text();
      if (shape === "header_only") {
        expect(raw).toBe("{}");
        expect(decodePaymentRequiredHeader(r.headers.get("payment-required")!).error).toBe("invalid_exact_evm_signature");
      } else expect(raw).toContain("invalid_exact_evm_signature");
      expect([await w.balance(payer.address), await w.balance(w.chain.payTo)]).toEqual(before);
    });

    it("DELETE clears armed faults", async () => {
      await arm({ kind: "bad_gateway", times: 5 });
      expect((await fetch(`${w.origin}/__devnet/faults`, { method: "DELETE" })).status).toBe(200);
      expect((await post(body("cleared"))).status).toBe(402);
    });
  });

  it("faucet: hands out test USDC and ETH", async () => {
    const fresh = privateKeyToAccount(generatePrivateKey()).address;
    const r = await fetch(`${w.origin}/__devnet/faucet`, { method: "POST", headers: jsonHeaders, body: JSON.stringify({ address: fresh, usdc: "100.5", eth: "2" }) });
    expect(r.status).toBe(200);
    const json = (await r.json()) as { usdcTx: `0x${string}`; balance: string };
    expect(json.balance).toBe("100.5");
    expect(await w.balance(fresh)).toBe(100_500_000n);
    expect(await w.client.getBalance({ address: fresh })).toBe(2n * 10n ** 18n);
    expect((await w.client.getTransactionReceipt({ hash: json.usdcTx })).status).toBe("success");
    const bad = await fetch(`${w.origin}/__devnet/faucet`, { method: "POST", headers: jsonHeaders, body: JSON.stringify({ address: "0x12" }) });
    expect(bad.status).toBe(400);
  });

  it("config: tokensPerSecond paces streams", async () => {
    const set = await fetch(`${w.origin}/__devnet/config`, { method: "POST", headers: jsonHeaders, body: JSON.stringify({ tokensPerSecond: 100 }) });
    expect(await set.json()).toEqual({ tokensPerSecond: 100 });
    const t = performance.now();
    const r = await fetch(w.chat, { method: "POST", headers: jsonHeaders, body: body("pace me", { model: "nvidia/llama-3.2-11b-vision", stream: true, max_tokens: 30, stream_options: { include_usage: true } }) });
    const { events } = parseSse(await r.text());
    const usage = (events.at(-1) as { usage: { completion_tokens: number } }).usage;
    expect(usage.completion_tokens).toBe(30);
    expect(performance.now() - t).toBeGreaterThan(250); // ~30 tokens at 100/s
    await fetch(`${w.origin}/__devnet/config`, { method: "POST", headers: jsonHeaders, body: JSON.stringify({ tokensPerSecond: 0 }) });
  });
});

// =============================================================================================================
describe("gateway as chain 84532, paid by BlockRun's own SDK (@blockrun/llm)", () => {
  let w: World;
  let LLMClient: typeof import("@blockrun/llm").LLMClient;
  let sdk: InstanceType<typeof import("@blockrun/llm").LLMClient>;
  let payer: Address;

  beforeAll(async () => {
    // The SDK appends a cost log under ~/.blockrun: keep it out of the real home.
    process.env.HOME = mkdtempSync(path.join(os.tmpdir(), "blockrun-home-"));
    ({ LLMClient } = await import("@blockrun/llm"));
    w = await startWorld(84532);
    const account = w.chain.fundedAccounts[2];
    payer = account.address;
    sdk = new LLMClient({ privateKey: account.privateKey, apiUrl: w.gateway.url });
  }, 60_000);

  afterAll(async () => {
    await w?.stop();
  });

  async function quoteFor(b: Record<string, unknown>): Promise<bigint> {
    const r = await fetch(w.chat, { method: "POST", headers: jsonHeaders, body: JSON.stringify(b) });
    expect(r.status).toBe(402);
    return BigInt(decodePaymentRequiredHeader(r.headers.get("payment-required")!).accepts[0].amount);
  }

  it("sits at Base Sepolia's USDC with its domain", () => {
    expect(w.chain.usdc).toMatchObject({ address: "0x036CbD53842c5426634e7929541eC2318f3dCF7e", name: "USDC", version: "2" });
  });

  it("lists models through the SDK", async () => {
    const models = await sdk.listModels();
    expect(models.find((m) => m.id === "openai/gpt-oss-20b")).toMatchObject({ billingMode: "flat", flatPrice: 0.001 });
  });

  it("pays a chat completion (validAfter = now - 600)", async () => {
    const prompt = "What is the capital of France?";
    const amount = await quoteFor({ model: "anthropic/claude-sonnet-4.6", messages: [{ role: "user", content: prompt }], max_tokens: 300 });
    const [p0, t0] = [await w.balance(payer), await w.balance(w.chain.payTo)];
    const text = await sdk.chat("anthropic/claude-sonnet-4.6", prompt, { maxTokens: 300 });
    expect(text).toContain(`You said: "${prompt}"`);
    expect(await w.balance(payer)).toBe(p0 - amount);
    expect(await w.balance(w.chain.payTo)).toBe(t0 + amount);
  });

  it("pays a flat-priced model its flat price", async () => {
    const t0 = await w.balance(w.chain.payTo);
    const res = await sdk.chatCompletion("openai/gpt-oss-20b", [{ role: "user", content: "flat please" }], { maxTokens: 100 });
    expect(res.choices[0].message.content).toContain("flat please");
    expect(await w.balance(w.chain.payTo)).toBe(t0 + 1000n);
  });

  it("pays a streamed completion", async () => {
    const messages = [{ role: "user" as const, content: "Write a function to stream" }];
    const amount = await quoteFor({ model: "openai/gpt-5.5", messages, max_tokens: 400, stream: true });
    const t0 = await w.balance(w.chain.payTo);
    const res = await sdk.chatCompletionStream("openai/gpt-5.5", messages, { maxTokens: 400 });
    expect(res.status).toBe(200);
    const { events, done } = parseSse(await res.text());
    expect(done).toBe(true);
    const text = (events as { choices: { delta: { content?: string } }[] }[]).map((e) => e.choices[0]?.delta.content ?? "").join("");
    expect(text).toContain("```ts");
    // The SDK does not send stream_options, so (as OpenAI's contract has it) no usage frame comes.
    expect(events.some((e) => (e as { usage?: unknown }).usage)).toBe(false);
    expect(await w.balance(w.chain.payTo)).toBe(t0 + amount);
  });

  it("gets a free model without paying", async () => {
    const [p0, t0] = [await w.balance(payer), await w.balance(w.chain.payTo)];
    const text = await sdk.chat("nvidia/llama-3.2-11b-vision", "free lunch?");
    expect(text).toContain('You said: "free lunch?"');
    expect([await w.balance(payer), await w.balance(w.chain.payTo)]).toEqual([p0, t0]);
  });

  it("pays through the SDK's body-only fallback and reports a free-model fallback", async () => {
    await fetch(`${w.origin}/__devnet/faults`, { method: "POST", headers: jsonHeaders, body: JSON.stringify({ kind: "body_only_challenge" }) });
    const t0 = await w.balance(w.chain.payTo);
    const text = await sdk.chat("openai/gpt-4o-mini", "body only", { maxTokens: 50 });
    expect(text).toContain("body only");
    expect(await w.balance(w.chain.payTo)).toBeGreaterThan(t0);

    await fetch(`${w.origin}/__devnet/faults`, { method: "POST", headers: jsonHeaders, body: JSON.stringify({ kind: "fallback" }) });
    const t1 = await w.balance(w.chain.payTo);
    const res = (await sdk.chatCompletion("openai/gpt-4o-mini", [{ role: "user", content: "fb" }], { maxTokens: 50 })) as {
      fallback?: { used: boolean; model?: string; settlementSkipped: boolean };
    };
    expect(res.fallback).toEqual({ used: true, model: "nvidia/llama-3.2-11b-vision", settlementSkipped: true });
    expect(await w.balance(w.chain.payTo)).toBe(t1);
  });
});
