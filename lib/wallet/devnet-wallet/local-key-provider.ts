/**
 * An EIP-1193 provider around a local viem account: signs in the page, forwards reads to the chain's RPC.
 * It is what wagmi talks to when the devnet wallet is connected, so the app's signing code path is the same
 * as with MetaMask (eth_signTypedData_v4 with a JSON string).
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

const CHAIN_NOT_ADDED = 4902;

export function createLocalKeyProvider(opts: {
  account: PrivateKeyAccount;
  chains: readonly Chain[];
  initialChainId: number;
}): LocalKeyProvider {
  const { account, chains } = opts;
  let chainId = opts.initialChainId;
  const listeners = new Map<string, Set<Listener>>();
  const emit = (event: string, ...args: unknown[]) => listeners.get(event)?.forEach((l) => l(...args));
  const chain = () => {
    const c = chains.find((x) => x.id === chainId);
    if (!c) throw new ProviderRpcError(new Error(`chain ${chainId} is not configured`), { code: CHAIN_NOT_ADDED, shortMessage: "Unknown chain" });
    return c;
  };
  const rpc = (method: string, params: unknown) =>
    http(chain().rpcUrls.default.http[0])({ chain: chain(), retryCount: 0 }).request({ method, params } as never);

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
      case "wallet_switchEthereumChain": {
        const next = Number((p[0] as { chainId: Hex }).chainId);
        if (!chains.some((c) => c.id === next))
          throw new ProviderRpcError(new Error(`chain ${next} is not configured`), { code: CHAIN_NOT_ADDED, shortMessage: "Unknown chain" });
        if (next !== chainId) {
          chainId = next;
          emit("chainChanged", numberToHex(chainId));
        }
        return null;
      }
      case "personal_sign":
        return account.signMessage({ message: { raw: p[0] as Hex } });
      case "eth_signTypedData_v4": {
        const typed = (typeof p[1] === "string" ? JSON.parse(p[1]) : p[1]) as TypedDataDefinition & {
          types: Record<string, unknown>;
        };
        // Like MetaMask: a domain for another chain is refused rather than signed.
        const domainChain = (typed.domain as { chainId?: number | string } | undefined)?.chainId;
        if (domainChain !== undefined && Number(domainChain) !== chainId)
          throw new ProviderRpcError(new Error(`Provided chainId "${Number(domainChain)}" must match the active chainId "${chainId}"`), {
            code: -32603,
            shortMessage: "Wrong chain",
          });
        const { EIP712Domain: _domain, ...types } = typed.types;
        void _domain;
        return account.signTypedData({ ...typed, types } as TypedDataDefinition);
      }
      case "eth_sendTransaction": {
        const tx = p[0] as { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };
        const wallet = createWalletClient({ account, chain: chain(), transport: http(chain().rpcUrls.default.http[0]) });
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
