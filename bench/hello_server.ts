// deno-lint-ignore-file no-console
/**
 * The baselines for `deno task bench`, on PORT, loopback only: a bare `Deno.serve` hello world,
 * or, with RESPONSE_FILE (JSON: `body` as base64 and `headers`), that one response's bytes and
 * headers answered to every request (what moving a page costs, without any app around it).
 */
const port = Number(Deno.env.get("PORT") ?? "8001");
const file = Deno.env.get("RESPONSE_FILE");
const fixed = file
  ? JSON.parse(Deno.readTextFileSync(file)) as { body: string; headers: Array<[string, string]> }
  : null;
const body = fixed ? Uint8Array.from(atob(fixed.body), (ch) => ch.charCodeAt(0)) : null;
Deno.serve(
  {
    port,
    hostname: "127.0.0.1",
    onListen: ({ port }) => console.log(`hello listening on ${port}`),
  },
  fixed
    ? () => new Response(body, { headers: fixed.headers })
    : () => new Response("Hello, world!"),
);
