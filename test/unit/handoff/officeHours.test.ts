import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  formatReopening,
  loadOfficeHours,
  type OfficeHours,
  officeStatus,
} from "../../../src/handoff/officeHours.js";

const hours: OfficeHours = {
  timezone: "Asia/Ho_Chi_Minh",
  days: {
    mon: ["08:00-17:00"],
    tue: ["08:00-17:00"],
    wed: ["08:00-12:00", "13:00-17:00"],
    sat: ["08:00-12:00"],
  },
  holidays: ["2026-09-02"],
};
// Vietnam is UTC+7 all year.
const vn = (local: string) => new Date(`${local}+07:00`);

describe("office hours in Asia/Ho_Chi_Minh", () => {
  it("when it is 10:00 on a Monday in Vietnam (03:00 UTC), then counselors are on shift", () => {
    expect(officeStatus(vn("2026-03-02T10:00:00"), hours)).toEqual({ open: true });
  });

  it("when it is 07:30 in Vietnam but still the previous day in UTC, then the day is read in Vietnam time", () => {
    // 2026-03-02 07:30 +07 = 2026-03-02 00:30 UTC (Monday both); 2026-03-03 06:00 +07 = Monday 23:00 UTC.
    expect(officeStatus(vn("2026-03-03T06:00:00"), hours)).toEqual({
      open: false,
      reopensAt: vn("2026-03-03T08:00:00"),
    });
  });

  it("when it is the lunch break, then the shift reopens at 13:00 the same day", () => {
    expect(officeStatus(vn("2026-03-04T12:30:00"), hours)).toEqual({
      open: false,
      reopensAt: vn("2026-03-04T13:00:00"),
    });
  });

  it("when it is Saturday afternoon, then counselors are back Monday at 08:00", () => {
    expect(officeStatus(vn("2026-03-07T15:00:00"), hours)).toEqual({
      open: false,
      reopensAt: vn("2026-03-09T08:00:00"),
    });
  });

  it("when the day is a holiday, then it is closed all day and the next working day is given", () => {
    // 2 Sep 2026 is a Wednesday
    expect(officeStatus(vn("2026-09-02T10:00:00"), hours)).toEqual({
      open: false,
      reopensAt: vn("2026-09-05T08:00:00"),
    });
  });

  it("when no day has hours, then there is no reopening time", () => {
    expect(officeStatus(vn("2026-03-02T10:00:00"), { ...hours, days: {} })).toEqual({
      open: false,
      reopensAt: undefined,
    });
  });

  it("when a reopening time is shown, then it is in Vietnam time in the user's language", () => {
    const at = vn("2026-03-09T08:00:00");
    expect(formatReopening(at, "vi", "Asia/Ho_Chi_Minh")).toMatch(
      /08:00.*Thứ Hai.*09\/03|Thứ Hai.*09\/03.*08:00/,
    );
    expect(formatReopening(at, "en", "Asia/Ho_Chi_Minh")).toMatch(/Monday.*9 March.*08:00/);
  });

  it("when office hours in two time zones are read in turn, then each is read in its own zone", () => {
    // 10:00 in Vietnam on a Monday is 04:00 in Paris (CET, UTC+1): open in one, closed in the other.
    const at = vn("2026-03-02T10:00:00");
    const paris: OfficeHours = { ...hours, timezone: "Europe/Paris" };
    for (let round = 0; round < 2; round++) {
      expect(officeStatus(at, hours)).toEqual({ open: true });
      expect(officeStatus(at, paris)).toEqual({ open: false, reopensAt: new Date("2026-03-02T07:00:00Z") });
    }
    expect(formatReopening(at, "en", "Asia/Ho_Chi_Minh")).toMatch(/10:00/);
    expect(formatReopening(at, "en", "Europe/Paris")).toMatch(/04:00/);
    expect(formatReopening(at, "vi", "Europe/Paris")).toMatch(/Thứ Hai/);
  });

  it("when the shipped file is loaded, then it is valid", () => {
    const file = loadOfficeHours(path.resolve("flows/office-hours.yaml"));
    expect(file.timezone).toBe("Asia/Ho_Chi_Minh");
    expect(Object.keys(file.days).length).toBeGreaterThan(0);
  });
});
