import { DomainError } from "../errors.ts";

const WORKER_URL = new URL("./password_worker.ts", import.meta.url);
/** bcrypt jobs running at once (each is a thread with ~260 ms of CPU at cost 12). */
const MAX_RUNNING = 4;
/** Jobs allowed to wait for a slot; beyond that a login storm is refused, not queued. */
const MAX_WAITING = 64;

let running = 0;
const waiting: Array<() => void> = [];

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING) {
      throw new DomainError("busy", { retryAfter: 5 });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Runs one bcrypt job in its own Worker so a slow hash never blocks the event loop. */
function runInWorker<T>(job: Record<string, unknown>): Promise<T> {
  return withSlot(() => spawnJob<T>(job));
}

function spawnJob<T>(job: Record<string, unknown>): Promise<T> {
  const worker = new Worker(WORKER_URL, { type: "module" });
  return new Promise<T>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ ok: boolean; result?: T; error?: string }>) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data.result as T);
      else reject(new Error(e.data.error ?? "Password worker failed"));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      reject(new Error(`Password worker failed: ${e.message}`));
    };
    worker.postMessage(job);
  });
}

export function hashPassword(password: string, rounds: number): Promise<string> {
  return runInWorker<string>({ op: "hash", password, rounds });
}

/** Accepts `$2a$`/`$2b$`/`$2y$` bcrypt hashes; anything else never verifies. */
export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (!hash || !/^\$2[aby]\$\d{2}\$/.test(hash)) {
    // Same cost as a real check, so a missing account does not answer faster.
    return runInWorker<boolean>({ op: "verify", password, hash: DUMMY_HASH }).then(() => false);
  }
  return runInWorker<boolean>({ op: "verify", password, hash });
}

/** bcrypt of a random string at cost 12: the work done when an account does not exist. */
const DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5nOQmhL3b9mHqqvmG8p5yZ5O5s0HZ9q";
