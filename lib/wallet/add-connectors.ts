/**
 * Adds connectors to a wagmi config that already exists (the page's light one), the way wagmi itself adds the
 * wallets EIP-6963 discovers after start-up: set each one up, then append it to the config's connector store.
 * wagmi exposes this only as `config._internal.connectors`; it is the one place this app touches it, so a change
 * in wagmi breaks here and in tests/unit/wallet/add-connectors.test.ts, nowhere else.
 */
import type { Config, Connector, CreateConnectorFn } from "wagmi";
import { reconnect } from "wagmi/actions";

/** Adds the connectors whose id is not in the config yet; returns the ones added. */
export function addConnectors(config: Config, fns: readonly CreateConnectorFn[]): Connector[] {
  const known = new Set(config.connectors.map((c) => c.id));
  const added: Connector[] = [];
  for (const fn of fns) {
    const connector = config._internal.connectors.setup(fn);
    if (known.has(connector.id)) continue;
    known.add(connector.id);
    added.push(connector);
  }
  if (added.length) config._internal.connectors.setState((list) => [...list, ...added]);
  return added;
}

/**
 * wagmi's reconnect on page load only knew the light config's connectors. If the wallet connected last time is
 * one of those just added (Devnet wallet, Coinbase, MetaMask's SDK, WalletConnect), reconnect it now. Waits for
 * a reconnect already under way (wagmi ignores a second one while the first runs).
 */
export async function reconnectAdded(config: Config, added: readonly Connector[], previousId: string | undefined) {
  const target = added.find((c) => c.id === previousId);
  if (!target) return;
  await new Promise<void>((resolve) => {
    const busy = () => config.state.status === "reconnecting" || config.state.status === "connecting";
    if (!busy()) return resolve();
    const stop = config.subscribe((s) => s.status, () => {
      if (!busy()) {
        stop();
        resolve();
      }
    });
  });
  if (config.state.status === "connected") return;
  await reconnect(config, { connectors: [target] });
}
