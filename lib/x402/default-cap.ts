/** The per-message cap when the person set none: $0.50 in USDC atomic units. Its own file, so the settings (first
 *  load) read it without the quote guard. */
export const DEFAULT_PER_MESSAGE_CAP = 500_000n;
