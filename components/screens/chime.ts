/** Browser side: a two-note chime made with WebAudio (no sound file to load). */
let context: AudioContext | null = null;

/** Creates or resumes the audio context; browsers allow sound only after a tap on the page. */
export async function enableChime(): Promise<boolean> {
  context ??= new AudioContext();
  if (context.state === "suspended") await context.resume().catch(() => {});
  return context.state === "running";
}

export function chimeEnabled(): boolean {
  return context?.state === "running";
}

/** Plays the chime if sound is on; returns whether it played. */
export function playChime(): boolean {
  if (!context || context.state !== "running") return false;
  const start = context.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.28, 660]] as const) {
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.type = "sine";
    tone.frequency.setValueAtTime(frequency, start + offset);
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.35, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.7);
    tone.connect(gain).connect(context.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.75);
  }
  return true;
}
