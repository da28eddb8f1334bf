/** The devnet wallet as a RainbowKit wallet entry, so it sits in the connect modal beside the real ones. */
import type { Wallet } from "@rainbow-me/rainbowkit";
import { createConnector } from "wagmi";
import type { Network } from "../../networks";
import { devnetWalletConnector, DEVNET_WALLET_ID } from "./connector";

// A key on a test-tube background: drawn here so nothing is fetched.
const ICON =
  "data:image/svg+xml;utf8," +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 28"><rect width="28" height="28" rx="6" fill="#0f766e"/>` +
      `<circle cx="11" cy="14" r="4.5" fill="none" stroke="#fff" stroke-width="2.2"/>` +
      `<path d="M15.5 14H23M20 14v3.5M23 14v2.5" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/></svg>`,
  );

export function devnetRainbowWallet(network: Network): () => Wallet {
  return () => ({
    id: DEVNET_WALLET_ID,
    name: "Devnet wallet",
    shortName: "Devnet",
    iconUrl: ICON,
    iconBackground: "#0f766e",
    installed: true,
    createConnector: (walletDetails) =>
      createConnector((config) => ({ ...devnetWalletConnector(network)(config), ...walletDetails })),
  });
}
