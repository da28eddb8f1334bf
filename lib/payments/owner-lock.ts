/**
 * Which tab owns an unfinished payment. The tab that reserves a payment holds a Web Lock named after it until
 * its send ends; a lock is released by the browser when its tab closes or crashes. So another tab (or this one,
 * after a reload) can tell a payment that is still in someone's hands from one whose tab is gone.
 *
 * Without the Web Locks API (Node in unit tests, very old browsers) nothing is known to be held.
 */
const PREFIX = "blockrun-chat:payment:";

type Locks = Pick<LockManager, "request" | "query">;
const locks = (): Locks | undefined => (globalThis.navigator as Navigator | undefined)?.locks;

/** Takes the lock for `paymentId` (resolved once granted); call the returned function to let it go. */
export async function holdPaymentLock(paymentId: string, lockManager = locks()): Promise<() => void> {
  if (!lockManager) return () => {};
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await new Promise<void>((granted) => {
    void lockManager.request(PREFIX + paymentId, () => {
      granted();
      return held;
    });
  });
  return release;
}

/** The ids of payments some open tab of this origin is working on. */
export async function heldPaymentIds(lockManager = locks()): Promise<Set<string>> {
  if (!lockManager) return new Set();
  const { held = [], pending = [] } = await lockManager.query();
  return new Set(
    [...held, ...pending].map((l) => l.name ?? "").filter((n) => n.startsWith(PREFIX)).map((n) => n.slice(PREFIX.length)),
  );
}
