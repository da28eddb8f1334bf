/** `POST /__devnet/faucet`: test USDC from the faucet key (a real ERC-20 transfer) and ETH (anvil_setBalance). */
import { erc20Abi, encodeFunctionData, formatEther, formatUnits, getAddress, parseEther, parseUnits, type Hex, type PublicClient } from "viem";
import { z } from "zod";
import { SerialSender, type Address } from "./payment";

export const faucetRequestSchema = z.object({
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address"),
  usdc: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^\d{1,9}(\.\d{1,6})?$/, "a decimal USDC amount, at most 6 decimals, below 1e9"))
    .default("1000"),
  eth: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^\d{1,6}(\.\d{1,18})?$/, "a decimal ETH amount"))
    .default("1"),
});

export interface FaucetResult {
  address: Address;
  usdcTx: Hex | null;
  /** USDC balance after the transfer, decimal ("1000"). */
  balance: string;
  /** Same, atomic units. */
  balanceAtomic: string;
  /** ETH balance after, decimal. */
  ethBalance: string;
}

export class Faucet {
  private readonly sender: SerialSender;

  constructor(
    private readonly client: PublicClient,
    privateKey: Hex,
    chainId: number,
    private readonly usdc: Address,
    rpcUrl: string,
  ) {
    this.sender = new SerialSender(client, privateKey, chainId, rpcUrl);
  }

  get address(): Address {
    return this.sender.account.address;
  }

  async drip(input: z.infer<typeof faucetRequestSchema>): Promise<FaucetResult> {
    const to = getAddress(input.address);
    const usdcAmount = parseUnits(input.usdc, 6);
    const ethAmount = parseEther(input.eth);
    let usdcTx: Hex | null = null;
    if (usdcAmount > 0n) {
      const data = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, usdcAmount] });
      usdcTx = await this.sender.send({ to: this.usdc, data });
      const r = await this.sender.waitForReceipt(usdcTx);
      if (r.status !== "success") throw new Error(`faucet transfer reverted (${usdcTx})`);
    }
    if (ethAmount > 0n) {
      const current = await this.client.getBalance({ address: to });
      await this.client.request({
        method: "anvil_setBalance" as never,
        params: [to, `0x${(current + ethAmount).toString(16)}`] as never,
      });
    }
    const [bal, eth] = await Promise.all([
      this.client.readContract({ address: this.usdc, abi: erc20Abi, functionName: "balanceOf", args: [to] }),
      this.client.getBalance({ address: to }),
    ]);
    return {
      address: to,
      usdcTx,
      balance: formatUnits(bal, 6),
      balanceAtomic: bal.toString(),
      ethBalance: formatEther(eth),
    };
  }
}
