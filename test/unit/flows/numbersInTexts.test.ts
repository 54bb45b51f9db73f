import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadFlows } from "../../../src/flows/loadFlows.js";

/** The only numbers CONTENT.md confirms (111, 113, citizen protection); 1800 1567 is retired. */
const CONFIRMED = new Set(["111", "113", "84981848484"]);

/** Every file people's texts come from: all locales and all flow and data files. */
function contentFiles(): string[] {
  const locales = ["vi", "en"].flatMap((lng) =>
    readdirSync(`locales/${lng}`).map((f) => path.join("locales", lng, f)),
  );
  const flows = readdirSync("flows")
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => path.join("flows", f));
  return [...locales, ...flows];
}

/**
 * Phone-like numbers in a text: international numbers, Vietnamese numbers starting with 0,
 * toll-free 1800/1900 numbers and three-digit emergency numbers (11x).
 */
function phoneNumbersIn(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\+\d[\d .-]{6,}\d/g,
    /(?<![\d/]|\d[.,:–-])0\d{2,3}(?:[ .-]?\d{2,4}){2,3}(?![\d/]|[.,:–-]\d)/g,
    /(?<![\d/]|\d[.,:–-])1[89]00[ .-]?\d{3,4}(?![\d/]|[.,:–-]\d)/g,
    /(?<![\d/]|\d[.,:–-])11\d(?![\d/]|[.,:–-]\d)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[0].replace(/\D/g, ""));
  return found;
}

describe("numbers in every locale and flow file", () => {
  it("when the texts are scanned, then the retired 1800 1567 appears nowhere, in any spacing", () => {
    for (const file of contentFiles()) {
      // The directory names it once, as the number the checker must reject.
      const text = readFileSync(file, "utf8")
        .replace(/retiredNumbers:.*$/m, "")
        .replace(/^#.*$/gm, "");
      expect(text.replace(/(?<=\d)[\s.-]+(?=\d)/g, ""), file).not.toMatch(/18001567/);
    }
  });

  it("when the texts are scanned, then every phone number is one CONTENT.md confirms (no invented numbers)", () => {
    const unknown: string[] = [];
    for (const file of contentFiles()) {
      const text = readFileSync(file, "utf8")
        .replace(/retiredNumbers:.*$/m, "")
        .replace(/^\s*#.*$/gm, "");
      for (const number of phoneNumbersIn(text))
        if (!CONFIRMED.has(number)) unknown.push(`${file}: ${number}`);
    }
    expect(unknown).toEqual([]);
  });

  it("when a made-up number is in a text, then the scan finds it", () => {
    expect(phoneNumbersIn("Gọi 1800 1567 hoặc 024 3936 4563 hoặc 115, +84 912 345 678")).toEqual([
      "84912345678",
      "02439364563",
      "18001567",
      "115",
    ]);
    expect(phoneNumbersIn("1/11. Luật 69/2020/QH14, 24/7, 111 và 113, 12–16 giờ")).toEqual(["111", "113"]);
  });

  it("when a text includes a location variant that is missing, then flows:check names it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "locales-"));
    cpSync("locales", dir, { recursive: true });
    const file = path.join(dir, "vi", "common.json");
    const common = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    delete common.lines_abroad;
    writeFileSync(file, JSON.stringify(common));
    const { problems } = loadFlows("flows", dir);
    expect(problems.map((p) => p.message)).toContain(
      'common:call_lines includes "common:lines_abroad", which is missing in vi',
    );
  });
});
