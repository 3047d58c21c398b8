// deno-lint-ignore-file no-console
/** The baseline for `deno task bench`: a bare `Deno.serve` hello world on PORT, loopback only. */
const port = Number(Deno.env.get("PORT") ?? "8001");
Deno.serve(
  {
    port,
    hostname: "127.0.0.1",
    onListen: ({ port }) => console.log(`hello listening on ${port}`),
  },
  () => new Response("Hello, world!"),
);
