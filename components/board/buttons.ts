/**
 * Button looks shared by the board. Whole class strings, so Tailwind finds them in the source.
 * Every control is at least 44 px tall (a fingertip on a tablet) and shows a focus outline.
 */
export const FOCUS =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

const BASE =
  "inline-flex min-h-11 select-none items-center justify-center gap-1.5 whitespace-nowrap rounded-lg px-4 text-sm font-semibold transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-40 aria-disabled:cursor-progress aria-disabled:opacity-60";

export const BUTTON = {
  primary: `${BASE} bg-indigo-600 text-white shadow-sm hover:bg-indigo-700 active:bg-indigo-800`,
  seat: `${BASE} bg-emerald-700 text-white shadow-sm hover:bg-emerald-800 active:bg-emerald-900`,
  secondary:
    `${BASE} bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 active:bg-slate-100`,
  danger:
    `${BASE} bg-white text-rose-700 ring-1 ring-inset ring-rose-300 hover:bg-rose-50 active:bg-rose-100`,
  armed: `${BASE} bg-rose-700 text-white shadow-sm ring-2 ring-rose-300 hover:bg-rose-800`,
  icon:
    `${BASE} w-11 px-0 text-lg bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 active:bg-slate-100`,
};
