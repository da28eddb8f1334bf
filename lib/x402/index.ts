/** The x402 client side: read a price, guard it, sign it, find where it settled. */
export { readChallenge, parseChallenge, ChallengeError, type Challenge } from "./challenge";
export {
  guardQuote,
  checkQuoteTerms,
  assertQuoteTerms,
  QuoteRefusedError,
  DEFAULT_PER_MESSAGE_CAP,
  MAX_TIMEOUT_SECONDS,
  type GuardResult,
  type GuardCode,
  type QuoteLimits,
} from "./quote-guard";
export { walletSigner, tableCheckedSigner, assertTableTypedData, SigningRefusedError, type X402Signer } from "./wallet-signer";
export { createPayment, type CreatedPayment } from "./pay";
export {
  readSettlement,
  inspectSettlement,
  findSettlementOnChain,
  verifyPaymentOnChain,
  usdcSettlementAbi,
  type Settlement,
  type SettlementReading,
  type OnChainSettlement,
  type PaymentVerification,
  type VerificationStatus,
} from "./settlement";
