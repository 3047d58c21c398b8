/**
 * Runs the islands' hydrations one per task, in the order their code arrived: a page answers a
 * tap between two islands, an island whose chunk is slow holds up none of the others, and one
 * that fails is reported without stopping the next.
 */
export function createHydrationQueue(
  turn: () => Promise<void> = browserTurn,
  report: (err: unknown) => void = reportLater,
): (hydrate: () => void) => void {
  const waiting: Array<() => void> = [];
  let draining = false;
  async function drain() {
    draining = true;
    while (waiting.length > 0) {
      try {
        waiting.shift()!();
      } catch (err) {
        report(err);
      }
      await turn();
    }
    draining = false;
  }
  return (hydrate) => {
    waiting.push(hydrate);
    if (!draining) drain().catch(report);
  };
}

/**
 * A task boundary through a fresh `MessageChannel`: the browser may paint and handle input
 * before it resolves, and unlike `setTimeout` it is not slowed to ~1 s in a hidden tab.
 */
export function browserTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** The browser's `reportError` where there is one (an older engine: thrown from a timer). */
export function reportLater(err: unknown): void {
  if (typeof globalThis.reportError === "function") globalThis.reportError(err);
  else {
    setTimeout(() => {
      throw err;
    });
  }
}
