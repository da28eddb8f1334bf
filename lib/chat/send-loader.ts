/**
 * The send code (lib/chat/send-code.ts) on demand: loaded by the first send, or earlier by preloadSendCode()
 * when the person starts typing, so Send never waits for it. One import shared by every caller.
 */
let loading: Promise<typeof import("./send-code")> | undefined;

export function loadSendCode() {
  loading ??= import("./send-code").catch((e: Error) => {
    loading = undefined; // a failed chunk load can be retried by the next send
    throw e;
  });
  return loading;
}

export function preloadSendCode() {
  void loadSendCode().catch(() => {});
}
