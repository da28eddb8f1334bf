/** The two USDC calls quick pay makes from the main wallet: the top-up, and submitting the session's return. */
import { parseAbi } from "viem";

export const usdcQuickPayAbi = parseAbi([
  "function transfer(address to, uint256 value) returns (bool)",
  "function receiveWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)",
]);
