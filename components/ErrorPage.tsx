export function ErrorPage({ status, message }: { status: number; message: string }) {
  const heading = status === 404
    ? "Not found"
    : status === 429
    ? "Slow down a little"
    : status === 503
    ? "Back in a moment"
    : status >= 500
    ? "Something went wrong"
    : "We could not do that";
  return (
    <main class="mx-auto max-w-md px-4 py-16 text-center">
      <p class="text-sm font-semibold text-slate-500">{status}</p>
      <h1 class="mt-2 text-2xl font-bold">{heading}</h1>
      <p class="mt-4 text-slate-600">{message}</p>
    </main>
  );
}
