/**
 * An EIP-1193 provider around a local viem account: signs in the page, forwards reads to the chain's RPC.
 * It is what wagmi talks to when the devnet wallet is connected, so the app's signing code path is the same
 * as with MetaMask (eth_signTypedData_v4 with a JSON string).
 *
 * The key lives in this browser's storage and signs without a prompt, so it is held to one chain, the
 * devnet's: it refuses to switch to or add any other chain, and to sign typed data or a transaction for any
 * other chain id (typed data must name its chain). With `APP_NETWORKS=devnet,base` it can never sign for Base.
 */
import {
  createWalletClient,
  http,
  numberToHex,
  ProviderRpcError,
  UserRejectedRequestError,
  type Chain,
  type Hex,
  type PrivateKeyAccount,
  type TypedDataDefinition,
} from "viem";

type Listener = (...args: unknown[]) => void;

export interface LocalKeyProvider {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
  on(event: string, listener: Listener): void;
  removeListener(event: string, listener: Listener): void;
  chainId(): number;
}

/** EIP-1193 4100 "Unauthorized": the wallet will not do this for this app. */
const UNAUTHORIZED = 4100;

/** The refusal for anything aimed at another chain. */
export function otherChainRefused(chainId: number, devnetChainId: number, what: string): ProviderRpcError {
  return new ProviderRpcError(
    new Error(
      `The Devnet wallet works on the devnet (chain ${devnetChainId}) only and refuses to ${what} chain ${chainId}. ` +
        "Connect another wallet to use that network.",
    ),
    { code: UNAUTHORIZED, shortMessage: `The Devnet wallet refuses chain ${chainId}` },
  );
}

/** A chain id as wallets send it (hex string, decimal string or number); NaN when it is none of those. */
function chainIdOf(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^(0x[0-9a-fA-F]+|\d+)$/.test(value)) return Number(value);
  return NaN;
}

export function createLocalKeyProvider(opts: { account: PrivateKeyAccount; chain: Chain }): LocalKeyProvider {
  const { account, chain } = opts;
  const chainId = chain.id;
  const listeners = new Map<string, Set<Listener>>();
  const rpcUrl = chain.rpcUrls.default.http[0];
  const rpc = (method: string, params: unknown) => http(rpcUrl)({ chain, retryCount: 0 }).request({ method, params } as never);
  const requireDevnet = (requested: unknown, what: string) => {
    const id = chainIdOf(requested);
    if (id !== chainId) throw otherChainRefused(id, chainId, what);
  };

  async function request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
    const p = (params ?? []) as unknown[];
    switch (method) {
      case "eth_accounts":
      case "eth_requestAccounts":
        return [account.address];
      case "eth_chainId":
        return numberToHex(chainId);
      case "net_version":
        return String(chainId);
      case "wallet_switchEthereumChain":
        // Already there: nothing changes, so no chainChanged event.
        requireDevnet((p[0] as { chainId?: unknown } | undefined)?.chainId, "switch to");
        return null;
      case "wallet_addEthereumChain":
        requireDevnet((p[0] as { chainId?: unknown } | undefined)?.chainId, "add");
        return null;
      case "personal_sign":
        return account.signMessage({ message: { raw: p[0] as Hex } });
      case "eth_signTypedData_v4": {
        const typed = (typeof p[1] === "string" ? JSON.parse(p[1]) : p[1]) as TypedDataDefinition & {
          types: Record<string, unknown>;
        };
        // A domain for another chain is refused, and so is one that names no chain (valid on every chain).
        requireDevnet((typed.domain as { chainId?: unknown } | undefined)?.chainId, "sign typed data for");
        const { EIP712Domain: _domain, ...types } = typed.types;
        void _domain;
        return account.signTypedData({ ...typed, types } as TypedDataDefinition);
      }
      case "eth_sendTransaction": {
        const tx = p[0] as { to?: Hex; data?: Hex; value?: Hex; gas?: Hex; chainId?: unknown };
        // Signed with the devnet's chain id below in any case; a request naming another chain is refused.
        if (tx.chainId !== undefined) requireDevnet(tx.chainId, "send a transaction on");
        const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
        return wallet.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gas: tx.gas ? BigInt(tx.gas) : undefined,
        });
      }
      case "eth_sign":
      case "eth_signTransaction":
        throw new UserRejectedRequestError(new Error(`${method} is not offered by the devnet wallet`));
      case "wallet_requestPermissions":
      case "wallet_getPermissions":
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_revokePermissions":
        return null;
      default:
        return rpc(method, p);
    }
  }

  return {
    request,
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
    },
    chainId: () => chainId,
  };
}
