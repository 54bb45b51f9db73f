export { el } from "../shared/el.js";

/** Nested console texts from locales/<lng>/console.json. */
export type Texts = { [key: string]: string | Texts };

/** Looks up "a.b.c" in the texts and fills {{params}}; shows the key when a text is missing. */
export function tr(texts: Texts, key: string, params: Record<string, string | number> = {}): string {
  let node: string | Texts | undefined = texts;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  if (typeof node !== "string") return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(params[name] ?? ""));
}

let audio: AudioContext | undefined;

/** A short two-tone beep through the Web Audio API (no sound file). Silent if audio is blocked. */
export function alertSound(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.15, start + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.18);
      osc.stop(start + i * 0.18 + 0.17);
    }
  } catch {
    // no audio: the badge and the banner still show
  }
}
