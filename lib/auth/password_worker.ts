/// <reference lib="deno.worker" />
import bcrypt from "bcryptjs";

interface Job {
  op: "hash" | "verify";
  password: string;
  hash?: string;
  rounds?: number;
}

self.onmessage = async (event: MessageEvent<Job>) => {
  const job = event.data;
  try {
    const result = job.op === "hash"
      ? await bcrypt.hash(job.password, job.rounds ?? 12)
      : await bcrypt.compare(job.password, job.hash ?? "");
    self.postMessage({ ok: true, result });
  } catch (err) {
    self.postMessage({ ok: false, error: String(err) });
  }
};
