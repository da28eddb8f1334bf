/** Placeholder home: the chat replaces it. */
export default function Home() {
  return (
    <main className="mx-auto flex w-full max-w-2xl flex-1 flex-col items-center justify-center gap-2 p-6 text-center">
      <h1 className="text-lg font-semibold">BlockRun Chat</h1>
      <p className="text-sm text-zinc-500 dark:text-zinc-400">Connect a wallet to start chatting. Each message is paid in USDC.</p>
    </main>
  );
}
