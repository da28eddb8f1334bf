/**
 * The history's chain reading in one module, loaded on demand (a "Verify on chain" press, or open payments to
 * reconcile): viem's public client and the settlement checks stay out of the page's first load.
 */
export { applyChecks, checkPayments, summarizeChecks } from "@/lib/history/verify";
export { chainAccessFor } from "@/lib/history/chain-access";
