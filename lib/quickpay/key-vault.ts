/**
 * The session key at rest: the private key is AES-GCM encrypted under a WebCrypto key that is generated
 * non-extractable, and both are stored in IndexedDB (a CryptoKey is structured-cloneable; its raw bytes can never
 * be read out by script, only used to decrypt in this origin). The plain key exists only for the moment of a
 * signature (`withSessionKey`), never in React state, never in storage, never sent anywhere.
 */
import type { Hex } from "viem";

export interface SealedKey {
  sealedKey: { iv: Uint8Array; data: ArrayBuffer };
  wrapKey: CryptoKey;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export async function sealPrivateKey(privateKey: Hex): Promise<SealedKey> {
  const wrapKey = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, wrapKey, enc.encode(privateKey));
  return { sealedKey: { iv, data }, wrapKey };
}

export async function unsealPrivateKey(s: Partial<SealedKey>): Promise<Hex> {
  if (!s.sealedKey || !s.wrapKey) throw new Error("This quick pay session's key is gone (the session has ended).");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: s.sealedKey.iv as Uint8Array<ArrayBuffer> }, s.wrapKey, s.sealedKey.data);
  const key = dec.decode(plain);
  if (!/^0x[0-9a-f]{64}$/i.test(key)) throw new Error("This quick pay session's key could not be read.");
  return key as Hex;
}
