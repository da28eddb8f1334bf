/**
 * The devnet's fixed accounts: anvil's well-known test mnemonic, so every address below is public
 * knowledge and worthless outside the devnet. Roles never move between indexes.
 *
 *   0..4  dev accounts: 10,000 test USDC each (the e2e test wallet is account 1)
 *   6     faucet: holds the USDC the /__devnet/faucet endpoint hands out
 *   7     deployer: owner, master minter and minter of the test USDC
 *   8     payTo: the gateway's recipient
 *   9     facilitator: submits transferWithAuthorization and pays its gas
 */
import { mnemonicToAccount } from "viem/accounts";
import { bytesToHex } from "viem";

export const DEVNET_MNEMONIC = "test test test test test test test test test test test junk";

export function devAccount(index: number) {
  const account = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`no private key for dev account ${index}`);
  return { address: account.address, privateKey: bytesToHex(key) as `0x${string}` };
}

export const ROLE_INDEX = { faucet: 6, deployer: 7, payTo: 8, facilitator: 9 } as const;
export const FUNDED_DEV_ACCOUNTS = [0, 1, 2, 3, 4] as const;
/** 10,000 USDC in atomic units (6 decimals). */
export const DEV_ACCOUNT_USDC = 10_000n * 1_000_000n;
/** What the faucet starts with: 10,000,000 USDC. */
export const FAUCET_USDC = 10_000_000n * 1_000_000n;
