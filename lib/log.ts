export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type Logger = (level: Exclude<LogLevel, "silent">, msg: string, fields?: object) => void;

import { AsyncLocalStorage } from "node:async_hooks";

/** The request a line is written for (its id and tenant), whatever code writes it. */
const requestFields = new AsyncLocalStorage<() => object>();

/** Runs `fn` so that every log line written inside it carries `fields()` (read when logging). */
export function withLogFields<T>(fields: () => object, fn: () => T): T {
  return requestFields.run(fields, fn);
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const encoder = new TextEncoder();

function writeStderr(line: string): void {
  Deno.stderr.writeSync(encoder.encode(line));
}

/**
 * One JSON line per event on stderr (or `write`), filtered by level; inside a request, each line
 * also carries the request's id and tenant (see `withLogFields`).
 */
export function createLogger(minLevel: LogLevel, write = writeStderr): Logger {
  const min = ORDER[minLevel];
  return function log(level, msg, fields) {
    if (ORDER[level] < min) return;
    const context = requestFields.getStore()?.();
    const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...context, ...fields });
    write(line + "\n");
  };
}
