/**
 * The model catalog read on the server for the chat page's first render, so the picker and the live price work
 * at hydration: no catalog request from the browser, and no catalog reader (zod) in the page's first load. It goes
 * through the same route code and the same reader as the browser's request (proxyToGateway, fetchModels), kept per
 * network for a minute and refreshed in the background after that. The render never waits long for it: without
 * an answer within WAIT_MS (or with an error) the page renders without it and the browser asks as before.
 */
import { fetchModels, type ModelInfo } from "../blockrun/models";
import { proxyToGateway } from "./gateway-proxy";
import { getNetwork } from "./app-config";
import type { ServerNetwork } from "../networks";

type FindNetwork = (id: string) => ServerNetwork | undefined;

const FRESH_MS = 60_000;
const WAIT_MS = 400;

const cache = new Map<string, { at: number; models: ModelInfo[] }>();
const inFlight = new Map<string, Promise<ModelInfo[] | undefined>>();

function read(networkId: string, findNetwork: FindNetwork): Promise<ModelInfo[] | undefined> {
  let p = inFlight.get(networkId);
  if (p) return p;
  const viaRoute: typeof fetch = (input, init) =>
    proxyToGateway(new Request(new URL(String(input), "http://app.internal"), init), { network: networkId, path: ["v1", "models"] }, {
      findNetwork,
      headersTimeoutMs: 10_000,
    });
  p = fetchModels(networkId, viaRoute)
    .then((models) => {
      cache.set(networkId, { at: Date.now(), models });
      return models;
    })
    .catch(() => undefined)
    .finally(() => inFlight.delete(networkId));
  inFlight.set(networkId, p);
  return p;
}

/** The catalog if it can be had at once (cached, or answered within WAIT_MS); undefined otherwise. */
export async function catalogForFirstRender(
  networkId: string,
  findNetwork: FindNetwork = (id) => getNetwork(id),
): Promise<{ models: ModelInfo[]; at: number } | undefined> {
  const hit = cache.get(networkId);
  if (hit) {
    if (Date.now() - hit.at > FRESH_MS) void read(networkId, findNetwork);
    return hit;
  }
  let timer: Parameters<typeof clearTimeout>[0];
  const models = await Promise.race([read(networkId, findNetwork), new Promise<undefined>((r) => (timer = setTimeout(r, WAIT_MS)))]);
  clearTimeout(timer);
  return models ? cache.get(networkId) : undefined;
}
