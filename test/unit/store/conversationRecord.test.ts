import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  indicatorsOf,
  type StoredConversation,
  toConversation,
  toPriority,
  toRiskLevel,
} from "../../../src/store/conversationRecord.js";

const stored: StoredConversation = {
  id: "c1",
  contactId: "k1",
  channel: "telegram",
  status: "waiting",
  priority: "urgent",
  riskLevel: "urgent",
  riskIndicators: '["confined_now"]',
  locale: "vi",
  state: "sealed",
  version: 3,
  handoffReason: "risk",
  waitingSince: new Date("2026-12-01T10:00:00Z"),
  assignedTo: null,
  claimedAt: null,
  closedAt: null,
  outcome: null,
  lastUserAt: new Date("2026-12-01T10:00:00Z"),
  slaRemindedAt: null,
  createdAt: new Date("2026-12-01T09:00:00Z"),
  updatedAt: new Date("2026-12-01T10:00:00Z"),
};

describe("toConversation", () => {
  it("when a stored row is read, then the record has every column as stored", () => {
    expect(toConversation(stored)).toStrictEqual({ ...stored });
    expect(toConversation({ ...stored, priority: null }).priority).toBeNull();
  });

  it("when the row carries more columns than a conversation has, then the record keeps only its own", () => {
    const row = { ...stored, handle: "@someone", contact: { id: "k1" } } as StoredConversation;
    expect(Object.keys(toConversation(row)).sort()).toEqual(Object.keys(stored).sort());
  });

  it.each([
    ["channel", "fax"],
    ["status", "lost"],
    ["priority", "whenever"],
    ["riskLevel", "extreme"],
    ["locale", "fr"],
  ] as const)(
    "when the stored %s is %s, a value the code does not know, then it is a data error (ZodError)",
    (column, value) => {
      expect(() => toConversation({ ...stored, [column]: value })).toThrow(z.ZodError);
    },
  );
});

describe("toPriority and toRiskLevel", () => {
  it("when a stored priority or risk level is known, then it is returned; when not, it is a data error", () => {
    expect(toPriority(null)).toBeNull();
    expect(toPriority("high")).toBe("high");
    expect(() => toPriority("whenever")).toThrow(z.ZodError);
    expect(toRiskLevel("medium")).toBe("medium");
    expect(() => toRiskLevel("extreme")).toThrow(z.ZodError);
  });
});

describe("indicatorsOf", () => {
  it("when the stored ids are a JSON array of strings, then they are returned; otherwise it is a data error", () => {
    expect(indicatorsOf({ riskIndicators: '["a","b"]' })).toEqual(["a", "b"]);
    expect(() => indicatorsOf({ riskIndicators: "[1]" })).toThrow(z.ZodError);
  });
});
