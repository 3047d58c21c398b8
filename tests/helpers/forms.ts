import type { TestApp } from "./test_app.ts";
import { formEntries, type FormFill, type PageForm, readForms } from "./page_forms.ts";

/** What a browser holds after loading a page: its CSRF cookie and the form token. */
export async function formSession(
  app: TestApp,
  url: string,
): Promise<{ cookie: string; token: string }> {
  const res = await app.request(url);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  const csrf = readForms(await res.text()).flatMap((f) => f.controls)
    .find((c) => c.name === "_csrf");
  return { cookie, token: csrf?.value ?? "" };
}

export async function firstQueueId(app: TestApp, base: string): Promise<string> {
  const html = await (await app.request(`${base}/`)).text();
  const m = html.match(/name="queueId" value="([0-9a-f-]{36})"/);
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

/** A page as a browser received it: where it ended up, its answer, and its forms. */
export interface Page {
  url: string;
  status: number;
  /** Where a redirect points (relative, as sent), or null. */
  location: string | null;
  headers: Headers;
  html: string;
  forms: PageForm[];
}

/** One browser on one origin: a cookie jar, page loads, and form posts as a browser makes them. */
export interface FormBrowser {
  readonly origin: string;
  readonly cookies: Map<string, string>;
  /** A navigation to `path` (typed into the address bar); redirects are followed. */
  visit(path: string): Promise<Page>;
  /** Submits `form` of `page` as filled by `fill`; a redirect answer is returned, not followed. */
  submit(page: Page, form: PageForm, fill?: FormFill): Promise<Page>;
  /** Loads the page a redirect answer points to. */
  follow(answer: Page): Promise<Page>;
  /** A script's `fetch` from `page` (an island's), with a JSON body. */
  fetchJson(page: Page, url: string, body: unknown): Promise<Response>;
}

function storeCookies(jar: Map<string, string>, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair = "", ...attrs] = line.split(";").map((p) => p.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const gone = attrs.some((a) =>
      /^max-age=(0|-\d+)$/i.test(a) ||
      (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now())
    );
    if (gone) jar.delete(name);
    else jar.set(name, pair.slice(eq + 1));
  }
}

/** A browser for `origin` (e.g. http://demo.localhost) on the in-process app. */
export function openBrowser(
  app: TestApp,
  origin: string,
  options: { ip?: string; acceptLanguage?: string } = {},
) {
  const cookies = new Map<string, string>();
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  async function load(url: string, init: RequestInit): Promise<Page> {
    if (new URL(url).origin !== origin) throw new Error(`${url} is not on ${origin}`);
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set("cookie", cookieHeader());
    if (options.acceptLanguage) headers.set("accept-language", options.acceptLanguage);
    const res = await app.request(url, { ...init, headers, redirect: "manual", ip: options.ip });
    storeCookies(cookies, res);
    const html = await res.text();
    const type = res.headers.get("content-type") ?? "";
    return {
      url,
      status: res.status,
      location: res.headers.get("location"),
      headers: res.headers,
      html,
      forms: type.startsWith("text/html") ? readForms(html) : [],
    };
  }
  async function navigate(url: string, referer?: string): Promise<Page> {
    let page = await load(url, {
      headers: {
        accept: "text/html",
        "sec-fetch-mode": "navigate",
        "sec-fetch-site": referer ? "same-origin" : "none",
        ...(referer ? { referer } : {}),
      },
    });
    for (let hops = 0; page.location && page.status >= 300 && page.status < 400; hops++) {
      if (hops === 5) throw new Error(`too many redirects from ${url}`);
      page = await load(new URL(page.location, page.url).href, {
        headers: { accept: "text/html", "sec-fetch-mode": "navigate", "sec-fetch-site": "none" },
      });
    }
    return page;
  }
  const browser: FormBrowser = {
    origin,
    cookies,
    visit: (path) => navigate(new URL(path, origin).href),
    submit(page, form, fill = {}) {
      if (form.method !== "POST") throw new Error(`${form.signature}: only POST forms are sent`);
      if (form.enctype !== "application/x-www-form-urlencoded") {
        throw new Error(`${form.signature}: enctype ${form.enctype} is not supported here`);
      }
      return load(new URL(form.action, page.url).href, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin,
          referer: page.url,
          "sec-fetch-site": "same-origin",
          "sec-fetch-mode": "navigate",
          accept: "text/html",
        },
        body: new URLSearchParams(formEntries(form, fill)).toString(),
      });
    },
    follow(answer) {
      if (!answer.location) throw new Error(`${answer.url} answered ${answer.status}, no redirect`);
      return navigate(new URL(answer.location, answer.url).href, answer.url);
    },
    async fetchJson(page, url, body) {
      const headers = new Headers({
        "content-type": "application/json",
        accept: "application/json",
        origin,
        referer: page.url,
        "sec-fetch-site": "same-origin",
        "sec-fetch-mode": "cors",
      });
      if (cookies.size) headers.set("cookie", cookieHeader());
      // A browser's fetch() sends its languages too.
      if (options.acceptLanguage) headers.set("accept-language", options.acceptLanguage);
      const res = await app.request(new URL(url, page.url).href, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        ip: options.ip,
      });
      storeCookies(cookies, res);
      return res;
    },
  };
  return browser;
}

/** The props an island was rendered with, as its script element carries them. */
export function islandProps(page: Page, island: string): Record<string, unknown> {
  const m = page.html.match(
    new RegExp(`<script type="application/json" data-island-props="${island}">([^<]*)</script>`),
  );
  if (!m) throw new Error(`no ${island} island on ${page.url}`);
  return JSON.parse(m[1]!);
}

/**
 * Signs in through the login form at `loginPath` as a person does (typing email and password)
 * and returns the page the sign-in lands on.
 */
export async function signInWithForm(
  browser: FormBrowser,
  loginPath: string,
  login: { email: string; password: string },
): Promise<Page> {
  const page = await browser.visit(loginPath);
  const form = page.forms.find((f) => f.button === "Sign in");
  if (!form) throw new Error(`no sign-in form on ${page.url} (${page.status})`);
  const answer = await browser.submit(page, form, login);
  if (answer.status !== 303) throw new Error(`sign-in answered ${answer.status}: ${answer.html}`);
  return browser.follow(answer);
}
