/**
 * A quick pay session as a PayingWallet: the send flow (machine, guard, reservation, records, reconciliation) runs
 * unchanged; only the signer differs. Its signer is the session key behind its own door (session-signer.ts), and
 * it refuses to sign once the session has expired or ended.
 */
import type { Address, PublicClient } from "viem";
import type { StoredQuickPaySession } from "../db/types";
import type { Network } from "../networks";
import { usdcBalanceOf, type PayingWallet } from "../wallet/paying-wallet";
import { SigningRefusedError } from "../x402/wallet-signer";
import { parseAtomic } from "../money";
import { unsealPrivateKey } from "./key-vault";
import { sessionSigner, type SessionKeySource } from "./session-signer";

export function sessionKeySource(s: StoredQuickPaySession): SessionKeySource {
  return { address: s.address as Address, unseal: () => unsealPrivateKey(s) };
}

export function sessionPayingWallet(s: StoredQuickPaySession, publicClient: (network: Network) => PublicClient, now = () => Date.now()): PayingWallet {
  const cap = parseAtomic(s.cap);
  return {
    address: s.address as Address,
    session: { id: s.id, fundedBy: s.mainWallet as Address, cap },
    async prepareToSign(network) {
      if (network.id !== s.networkId || network.chainId !== s.chainId) {
        throw new SigningRefusedError("chain", `This quick pay session is for another network; it signs only on chain ${s.chainId}. Nothing was signed.`);
      }
      if (s.state !== "open") throw new SigningRefusedError("terms", "This quick pay session is not open. Nothing was signed.");
      if (now() >= s.expiresAt) {
        throw new SigningRefusedError("terms", "Your quick pay session has expired: end it to return the rest to your wallet. Nothing was signed.");
      }
      return sessionSigner(sessionKeySource(s), network, cap);
    },
    usdcBalance: (network) => usdcBalanceOf(publicClient(network), network, s.address as Address),
    chain: (network) => publicClient(network),
  };
}
