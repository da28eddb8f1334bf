import Link from "next/link";

/** The app's own 404: Next's default one styles itself with inline style attributes, which the CSP refuses. */
export default function NotFound() {
  return (
    <main className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">There is nothing at this address.</p>
      <Link href="/" className="text-sm text-sky-700 underline dark:text-sky-400">
        Start a new chat
      </Link>
    </main>
  );
}
