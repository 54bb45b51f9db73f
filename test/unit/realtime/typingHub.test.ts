import { describe, expect, it } from "vitest";
import { TypingHub, type TypingTarget } from "../../../src/realtime/typingHub.js";

function hubAt() {
  let now = 1_000_000;
  const hub = new TypingHub({ now: () => now });
  const sent: TypingTarget[] = [];
  hub.registerChannel("telegram", async (target) => {
    sent.push(target);
  });
  const advance = (ms: number) => {
    now += ms;
  };
  return { hub, sent, advance };
}

describe("TypingHub", () => {
  it("when a counselor keeps typing, then the person gets at most one signal per 4 s", async () => {
    const { hub, sent, advance } = hubAt();
    const target = { contactId: "c1", address: "42" };
    expect(await hub.counselorTyping("telegram", target)).toBe(true);
    advance(1_000);
    expect(await hub.counselorTyping("telegram", target)).toBe(false);
    advance(2_999);
    expect(await hub.counselorTyping("telegram", target)).toBe(false);
    advance(1);
    expect(await hub.counselorTyping("telegram", target)).toBe(true);
    expect(sent).toEqual([target, target]);
  });

  it("when two people are typed to, then each has their own window", async () => {
    const { hub, sent } = hubAt();
    await hub.counselorTyping("telegram", { contactId: "a", address: "1" });
    await hub.counselorTyping("telegram", { contactId: "b", address: "2" });
    expect(sent.map((t) => t.contactId)).toEqual(["a", "b"]);
  });

  it("when a channel cannot show typing, then nothing is sent and it says so", async () => {
    const { hub } = hubAt();
    expect(hub.supports("zalo_oa")).toBe(false);
    expect(await hub.counselorTyping("zalo_oa", { contactId: "a", address: "1" })).toBe(false);
  });

  it("when the channel refuses the signal, then the error goes to the caller's handler and nothing throws", async () => {
    const hub = new TypingHub();
    hub.registerChannel("zalo_bot", async () => {
      throw new Error("refused");
    });
    const errors: unknown[] = [];
    expect(
      await hub.counselorTyping("zalo_bot", { contactId: "a", address: "1" }, (e) => errors.push(e)),
    ).toBe(false);
    expect(errors).toHaveLength(1);
  });

  it("when a person types in bursts, then listeners hear at most one signal per 1.5 s per person", () => {
    const { hub, advance } = hubAt();
    const heard: string[] = [];
    const off = hub.onPersonTyping((e) => heard.push(`${e.channel}:${e.contactId}`));
    hub.personTyping("webchat", "p1");
    hub.personTyping("webchat", "p1");
    hub.personTyping("webchat", "p2");
    advance(1_499);
    hub.personTyping("webchat", "p1");
    advance(1);
    hub.personTyping("webchat", "p1");
    off();
    advance(2_000);
    hub.personTyping("webchat", "p1");
    expect(heard).toEqual(["webchat:p1", "webchat:p2", "webchat:p1"]);
  });

  it("when the widget's signals 2 s apart arrive closer because the first was delayed, then both are heard", () => {
    const { hub, advance } = hubAt();
    const heard: number[] = [];
    hub.onPersonTyping(() => heard.push(heard.length));
    hub.personTyping("webchat", "p1"); // sent at 0, arrived 400 ms late
    advance(2_000 - 400); // the next, sent at 2 000 ms, arrived on time
    expect(hub.personTyping("webchat", "p1")).toBe(true);
    expect(heard).toHaveLength(2);
  });
});
