import type { TestApp } from "./test_app.ts";

/** What a browser holds after loading a page: its CSRF cookie and the form token. */
export async function formSession(
  app: TestApp,
  url: string,
): Promise<{ cookie: string; token: string }> {
  const res = await app.request(url);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  const token = (await res.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
  return { cookie, token };
}

export async function firstQueueId(app: TestApp, base: string): Promise<string> {
  const html = await (await app.request(`${base}/`)).text();
  const m = html.match(/\/api\/queues\/([0-9a-f-]{36})\/join/);
  if (!m) throw new Error(`no join form on ${base}/`);
  return m[1]!;
}

export function jsonPost(
  app: TestApp,
  url: string,
  body: unknown,
  init: { headers?: Record<string, string>; ip?: string } = {},
) {
  return app.request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: JSON.stringify(body),
    ip: init.ip,
  });
}

export async function staffCookie(app: TestApp, base: string, email: string, password: string) {
  const res = await jsonPost(app, `${base}/api/auth/login`, { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}
