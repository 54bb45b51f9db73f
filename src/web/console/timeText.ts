// Message and note times for the console: "14:05" today, "24/11 14:05" before (the browser's zone).

const two = (n: number) => String(n).padStart(2, "0");

/** "14:05" when `iso` is on the day of `now` (the server's time in the console), "24/11 14:05" otherwise. */
export function timeText(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const clock = `${two(at.getHours())}:${two(at.getMinutes())}`;
  return at.toDateString() === now.toDateString()
    ? clock
    : `${two(at.getDate())}/${two(at.getMonth() + 1)} ${clock}`;
}

/** "24/11" */
export function dayText(iso: string): string {
  const at = new Date(iso);
  return `${two(at.getDate())}/${two(at.getMonth() + 1)}`;
}
