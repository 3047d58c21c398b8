/**
 * The part of `@preact/signals` our islands use (`useSignal` and its `.value`), in a few lines
 * over preact/hooks: the islands' bundle maps `@preact/signals` here (deno.islands.json), which
 * keeps ~2 KB (brotli) of signals runtime off every customer page. Setting `.value` re-renders
 * the component that made the signal, and with it every child that reads it; type checking and
 * server rendering keep the real package.
 */
import { useReducer, useRef } from "preact/hooks";

export interface Signal<T> {
  value: T;
  peek(): T;
}

export function useSignal<T>(initial: T): Signal<T>;
export function useSignal<T = undefined>(): Signal<T | undefined>;
export function useSignal<T>(initial?: T): Signal<T | undefined> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const ref = useRef<Signal<T | undefined> | null>(null);
  if (ref.current === null) {
    let current = initial;
    ref.current = {
      get value() {
        return current;
      },
      set value(next) {
        if (Object.is(next, current)) return;
        current = next;
        rerender(0);
      },
      peek: () => current,
    };
  }
  return ref.current;
}
