/** The colour family of a status badge: paid, still pending, nothing moved, or something wrong. */
export type Tone = "paid" | "pending" | "none" | "bad";
