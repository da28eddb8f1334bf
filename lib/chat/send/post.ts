/**
 * Step 2: the one round trip after the signature. The signed retry carries PAYMENT-SIGNATURE; a 502/503 is resent
 * once after 1 s with the same signed payload (one nonce: the gateway cannot charge it twice). Whatever comes
 * back is the caller's to read; only a failure to get any answer throws.
 */
import { postCompletion } from "../../blockrun/completions";
import type { SendRequest } from "./machine";

export const RESEND_AFTER_MS = 1000;

export async function post(
  req: Pick<SendRequest, "network" | "body">,
  o: { header?: { name: string; value: string }; signal?: AbortSignal; fetchImpl?: typeof fetch },
): Promise<{ res: Response; resent: boolean }> {
  const once = () => postCompletion(req.network.id, req.body, { paymentHeader: o.header, signal: o.signal, fetchImpl: o.fetchImpl });
  const res = await once();
  if (res.status !== 502 && res.status !== 503) return { res, resent: false };
  await res.body?.cancel().catch(() => {});
  await new Promise((r) => setTimeout(r, RESEND_AFTER_MS));
  return { res: await once(), resent: true };
}
