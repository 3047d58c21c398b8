export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type Logger = (level: Exclude<LogLevel, "silent">, msg: string, fields?: object) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** One JSON line per event on stderr, filtered by level. */
export function createLogger(minLevel: LogLevel): Logger {
  const min = ORDER[minLevel];
  const encoder = new TextEncoder();
  return function log(level, msg, fields) {
    if (ORDER[level] < min) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
    Deno.stderr.writeSync(encoder.encode(line + "\n"));
  };
}
