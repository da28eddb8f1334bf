/**
 * The devnet wallet's key: generated in this browser, kept in localStorage, never sent anywhere. It only ever
 * holds test USDC from the devnet faucet, which is why plain localStorage is acceptable here and nowhere else.
 */
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

const KEY_STORAGE = "blockrun-chat.devnet-wallet.key.v1";
const CONNECTED_STORAGE = "blockrun-chat.devnet-wallet.connected.v1";

function isKey(value: string | null): value is `0x${string}` {
  return !!value && /^0x[0-9a-fA-F]{64}$/.test(value);
}

/** The stored account, created on first use. `created` tells the caller to fund it. */
export function loadOrCreateBurnerAccount(): { account: PrivateKeyAccount; created: boolean } {
  const stored = window.localStorage.getItem(KEY_STORAGE);
  if (isKey(stored)) return { account: privateKeyToAccount(stored), created: false };
  const key = generatePrivateKey();
  window.localStorage.setItem(KEY_STORAGE, key);
  return { account: privateKeyToAccount(key), created: true };
}

/** Whether the user left the devnet wallet connected (so wagmi reconnects it on reload). */
export function burnerWasConnected(): boolean {
  return typeof window !== "undefined" && window.localStorage.getItem(CONNECTED_STORAGE) === "1";
}

export function rememberBurnerConnected(connected: boolean) {
  if (connected) window.localStorage.setItem(CONNECTED_STORAGE, "1");
  else window.localStorage.removeItem(CONNECTED_STORAGE);
}
