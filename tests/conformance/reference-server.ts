/**
 * A paid chat endpoint this project did not write the payment side of: @x402/core's x402HTTPResourceServer with
 * its defaults (route config, 402 shape, matching, refusal bodies) over an x402ResourceServer with @x402/evm's
 * exact scheme, verified and settled by an in-process x402Facilitator running @x402/evm's exact facilitator on the
 * devnet chain. Only the HTTP plumbing (node:http <-> HTTPAdapter) and the reply text are ours.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { x402Facilitator } from "@x402/core/facilitator";
import { x402HTTPResourceServer, x402ResourceServer, type FacilitatorClient, type HTTPAdapter } from "@x402/core/server";
import type { Network, SupportedResponse } from "@x402/core/types";
import { ExactEvmScheme as ExactEvmServerScheme } from "@x402/evm/exact/server";
import { ExactEvmScheme as ExactEvmFacilitatorScheme } from "@x402/evm/exact/facilitator";
import type { Address, Hex } from "viem";
import { makeFacilitatorSigner, makePublicClient, SerialSender } from "@/devnet/gateway/payment";

export interface ReferenceServer {
  /** Base URL, like a gateway's: `${url}/v1/chat/completions`. */
  url: string;
  close(): Promise<void>;
}

export async function startReferenceServer(o: { rpcUrl: string; chainId: number; payTo: Address; facilitatorKey: Hex; price: string }): Promise<ReferenceServer> {
  const network = `eip155:${o.chainId}` as Network;
  const client = makePublicClient(o.rpcUrl, o.chainId);
  const signer = makeFacilitatorSigner(client, new SerialSender(client, o.facilitatorKey, o.chainId, o.rpcUrl));
  const facilitator = new x402Facilitator().register(network, new ExactEvmFacilitatorScheme(signer));
  const facilitatorClient: FacilitatorClient = {
    verify: (p, r) => facilitator.verify(p, r),
    settle: (p, r) => facilitator.settle(p, r),
    getSupported: async () => facilitator.getSupported() as SupportedResponse,
  };
  const resourceServer = new x402ResourceServer(facilitatorClient).register(network, new ExactEvmServerScheme());
  const httpServer = new x402HTTPResourceServer(resourceServer, {
    "POST /api/v1/chat/completions": {
      accepts: { scheme: "exact", payTo: o.payTo, price: o.price, network },
      description: "Chat completion (x402 reference server)",
      mimeType: "application/json",
    },
  });
  await httpServer.initialize();

  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const header = (name: string) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      };
      const adapter: HTTPAdapter = {
        getHeader: header,
        getMethod: () => req.method ?? "GET",
        getPath: () => url.pathname,
        getUrl: () => url.toString(),
        getAcceptHeader: () => header("accept") ?? "",
        getUserAgent: () => header("user-agent") ?? "",
      };
      const result = await httpServer.processHTTPRequest({ adapter, path: url.pathname, method: req.method ?? "GET" });
      if (result.type === "no-payment-required") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Not found" }));
        return;
      }
      if (result.type === "payment-error") {
        const r = result.response;
        res.writeHead(r.status, r.headers).end(typeof r.body === "string" ? r.body : JSON.stringify(r.body ?? {}));
        return;
      }
      // Paid and verified: make the reply, then settle (the reference order), then answer with PAYMENT-RESPONSE.
      const asked = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { model?: string; messages?: { content?: string }[] };
      const reply = {
        id: "chatcmpl-reference",
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: asked.model ?? "reference",
        choices: [{ index: 0, message: { role: "assistant", content: `Reference server says: "${asked.messages?.at(-1)?.content ?? ""}"` }, finish_reason: "stop" }],
        usage: { prompt_tokens: 10, completion_tokens: 6, total_tokens: 16 },
      };
      const settled = await httpServer.processSettlement(result.paymentPayload, result.paymentRequirements, result.declaredExtensions);
      if (!settled.success) {
        res.writeHead(settled.response.status, { ...settled.response.headers, ...settled.headers }).end(JSON.stringify(settled.response.body ?? {}));
        return;
      }
      res.writeHead(200, { "content-type": "application/json", ...settled.headers }).end(JSON.stringify(reply));
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
