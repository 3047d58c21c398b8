import { PermanentChannelError } from "./channel.ts";

/**
 * One provider request with its own time limit (on top of the handler's signal). A timeout, a
 * refused connection, a 5xx, a 408 or a 429 throws a plain Error (worth retrying); any other
 * 4xx throws `PermanentChannelError` with the provider's words (retrying cannot fix it).
 */
export async function providerRequest(
  provider: string,
  url: string,
  init: RequestInit,
  options: { signal: AbortSignal; timeoutMs: number; describeError: (body: unknown) => string },
): Promise<unknown> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal });
  } catch (err) {
    const why = err instanceof DOMException && err.name === "TimeoutError"
      ? `no answer within ${options.timeoutMs} ms`
      : err instanceof Error
      ? err.message
      : String(err);
    throw new Error(`${provider}: ${why}`);
  }
  const text = await res.text().catch(() => "");
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.ok) return body;
  const detail = `${provider} ${res.status}: ${
    body ? options.describeError(body) : text.slice(0, 200)
  }`;
  if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Error(detail);
  throw new PermanentChannelError(detail);
}
