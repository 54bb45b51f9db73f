// The statistics recorder's "reached" mark: one database write per person and day in a process,
// not one per message, and a failed write is logged and tried again on the person's next message.
import pino from "pino";
import { describe, expect, it } from "vitest";
import { ConversationEvents } from "../../../src/conversation/conversationEvents.js";
import { StatsRecorder } from "../../../src/reports/statsRecorder.js";
import type { StatRecord } from "../../../src/store/statStore.js";

/** A recorder over a fake statistics store that counts its calls; the clock is `now.at`. */
function recorder(options: { failFirst?: boolean } = {}) {
  const calls: { contactId: string; day: string; channel: string }[] = [];
  const records: StatRecord[][] = [];
  const errors: string[] = [];
  let fail = options.failFirst ?? false;
  const now = { at: new Date("2026-03-04T03:00:00Z") };
  const logger = pino(
    { level: "error" },
    { write: (line: string) => errors.push(JSON.parse(line).msg as string) },
  );
  const stats = {
    async record(r: readonly StatRecord[]) {
      records.push([...r]);
    },
    async countReached(contactId: string, day: string, channel: string) {
      calls.push({ contactId, day, channel });
      if (fail) {
        fail = false;
        throw new Error("database is gone");
      }
      return true;
    },
  };
  const events = new ConversationEvents();
  const r = new StatsRecorder({ stats, clock: () => now.at, logger, urgentSlaSeconds: 300 });
  r.attach(events);
  const write = (contactId: string, from: "user" | "bot" = "user") =>
    events.message(
      { id: `conv-${contactId}`, contactId, channel: "telegram" },
      { id: "1", from, text: "", at: now.at.toISOString() },
    );
  return { recorder: r, calls, records, errors, now, write };
}

describe("StatsRecorder: a person reached", () => {
  it("when a person writes five messages on one day, then the database is asked to count them once", async () => {
    const { recorder: r, calls, write } = recorder();
    for (let i = 0; i < 5; i++) write("anh");
    write("chi");
    await r.settled();
    write("anh");
    await r.settled();
    expect(calls).toEqual([
      { contactId: "anh", day: "2026-03-04", channel: "telegram" },
      { contactId: "chi", day: "2026-03-04", channel: "telegram" },
    ]);
  });

  it("when the same person writes again the next day (in Vietnam's time zone), then they are counted again", async () => {
    const { recorder: r, calls, now, write } = recorder();
    write("anh");
    await r.settled();
    now.at = new Date("2026-03-04T17:00:00Z"); // midnight in Hanoi
    write("anh");
    await r.settled();
    expect(calls.map((c) => c.day)).toEqual(["2026-03-04", "2026-03-05"]);
  });

  it("when the bot's own messages are stored, then nobody is counted", async () => {
    const { recorder: r, calls, write } = recorder();
    write("anh", "bot");
    await r.settled();
    expect(calls).toEqual([]);
  });

  it("when counting a person fails, then the failure is logged at error and their next message tries again", async () => {
    const { recorder: r, calls, errors, write } = recorder({ failFirst: true });
    write("anh");
    await r.settled();
    expect(errors).toEqual(["writing an anonymous statistics record failed"]);
    write("anh");
    await r.settled();
    write("anh");
    await r.settled();
    expect(calls).toHaveLength(2);
  });
});
