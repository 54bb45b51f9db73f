// How the console makes sure nothing is missed: tones, desktop notifications and the tab title.
// Notifications never carry message text: only the pseudonymous handle ("Khách 7F3A — tin nhắn mới").

let audio: AudioContext | undefined;

/** Which tone: a new chat in the queue (two falling notes) or a new message in a held chat (three rising). */
export type ToneKind = "queue" | "message";

const TONES: Record<ToneKind, number[]> = { queue: [880, 660], message: [660, 880, 1100] };

/**
 * Plays a short tone through the Web Audio API (no sound file); urgent chats are louder and
 * repeat. Silent when the browser blocks audio: the badge and the title still show.
 */
export function playTone(kind: ToneKind, urgent = false): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    const notes = urgent ? [...TONES[kind], ...TONES[kind]] : TONES[kind];
    const volume = urgent ? 0.5 : 0.15;
    for (const [i, freq] of notes.entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(volume, start + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.18);
      osc.stop(start + i * 0.18 + 0.17);
    }
  } catch {
    // no audio: the badge and the title still show
  }
}

/** True when the browser can show desktop notifications and the counselor has not decided yet. */
export function canAskForNotifications(): boolean {
  return typeof Notification !== "undefined" && Notification.permission === "default";
}

/** Asks for permission (from a click: browsers ignore requests made without a gesture). */
export async function askForNotifications(): Promise<boolean> {
  if (typeof Notification === "undefined") return false;
  return (await Notification.requestPermission()) === "granted";
}

/**
 * Shows a desktop notification when allowed; one per chat at a time (`tag`), so a burst of
 * messages does not stack up. Clicking it focuses the console and opens the chat.
 */
export function notify(title: string, options: { tag: string; urgent: boolean; onClick: () => void }): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  try {
    const n = new Notification(title, { tag: options.tag, requireInteraction: options.urgent });
    n.onclick = () => {
      window.focus();
      options.onClick();
      n.close();
    };
  } catch {
    // some mobile browsers only notify from a service worker: the badge and the tone remain
  }
}

/** "(3) Trang tư vấn viên" when something is unseen; the bare title otherwise. */
export function titleWithCount(title: string, count: number): string {
  return count > 0 ? `(${count}) ${title}` : title;
}
