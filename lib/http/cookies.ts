import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "./app_env.ts";

/** Host-only cookies: no Domain attribute, so a cookie never crosses to another tenant's host. */
export function cookieName<E extends AppEnv>(c: Context<E>, base: string): string {
  return c.get("deps").config.cookieSecure ? `__Host-${base}` : base;
}

export function readCookie<E extends AppEnv>(c: Context<E>, base: string): string | undefined {
  return getCookie(c, cookieName(c, base));
}

export function writeCookie<E extends AppEnv>(
  c: Context<E>,
  base: string,
  value: string,
  maxAgeSeconds: number,
): void {
  setCookie(c, cookieName(c, base), value, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("deps").config.cookieSecure,
    maxAge: maxAgeSeconds,
  });
}

export function clearCookie<E extends AppEnv>(c: Context<E>, base: string): void {
  deleteCookie(c, cookieName(c, base), { path: "/", secure: c.get("deps").config.cookieSecure });
}
