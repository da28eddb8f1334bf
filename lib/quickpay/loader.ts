/** Quick pay's code on demand (quickpay-code.ts): loaded when a session is opened, ended or pays. */
let loading: Promise<typeof import("./quickpay-code")> | undefined;

export function loadQuickPayCode() {
  loading ??= import("./quickpay-code").catch((e: Error) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

export function preloadQuickPayCode() {
  void loadQuickPayCode().catch(() => {});
}
