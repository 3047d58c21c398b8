interface Waiting<In, Out> {
  item: In;
  done: (out: Out) => void;
  failed: (err: unknown) => void;
}

/**
 * Database work of one tenant done in rounds: while one round runs, the items that arrive wait
 * for the next, which takes them all at once (one transaction in `run`, however many joins or
 * messages came meanwhile). Every item's round starts after it arrived, so a read sees every
 * commit made before its item was handed in. `run` answers in the order of the items it got; a
 * round that fails fails all of its items (their callers retry them).
 */
export function tenantBatches<In, Out>(
  run: (tenantId: string, items: In[]) => Promise<Out[]>,
): (tenantId: string, item: In) => Promise<Out> {
  const tenants = new Map<string, Waiting<In, Out>[]>();

  async function drain(tenantId: string, waiting: Waiting<In, Out>[]): Promise<void> {
    while (waiting.length > 0) {
      const round = waiting.splice(0);
      try {
        const outs = await run(tenantId, round.map((w) => w.item));
        round.forEach((w, i) => w.done(outs[i]!));
      } catch (err) {
        for (const w of round) w.failed(err);
      }
    }
    tenants.delete(tenantId);
  }

  return function submit(tenantId: string, item: In): Promise<Out> {
    let waiting = tenants.get(tenantId);
    const idle = !waiting;
    if (!waiting) tenants.set(tenantId, waiting = []);
    const queue = waiting;
    const out = new Promise<Out>((done, failed) => queue.push({ item, done, failed }));
    if (idle) void drain(tenantId, queue);
    return out;
  };
}
