/**
 * Resolves after one turn of the event loop, without the 4 ms floor nested timers get: a
 * message through a fresh MessageChannel (closed at once, so it keeps no process alive). A long
 * synchronous loop that awaits this between slices lets the runtime send the responses and
 * read the requests waiting meanwhile.
 */
export function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port2.onmessage = () => {
      port1.close();
      port2.close();
      resolve();
    };
    port1.postMessage(null);
  });
}
