import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CANNED_REPLIES_FILE, helpFor, loadCannedReplies } from "../../../src/flows/loadCannedReplies.js";
import { loadDirectory } from "../../../src/flows/loadDirectory.js";
import { indicatorIds, loadFlows } from "../../../src/flows/loadFlows.js";
import { loadLocaleResources } from "../../../src/flows/locales.js";
import type { FlowProblem } from "../../../src/flows/yamlSource.js";
import { type HelpServiceDto, rankByFit, servicesFor, signsOf } from "../../../src/shared/helpAtHand.js";

const reply = (id: string, fits: string[] = []) => ({ id, text: id, fits });
const service = (id: string, fits: string[], more: Partial<HelpServiceDto> = {}): HelpServiceDto => ({
  id,
  name: id,
  kind: "hotline",
  fits,
  notWhen: [],
  ...more,
});

describe("rankByFit: which help comes first in a chat", () => {
  const replies = [
    reply("hello"),
    reply("documents", ["retention_of_identity_documents"]),
    reply("fees", ["illegal_fee_or_deposit"]),
    reply("abroad_and_documents", ["abroad", "retention_of_identity_documents"]),
    reply("still_there"),
  ];

  it("when a chat has signs, then replies fitting more of them come first, then general ones, then the rest, each in file order", () => {
    const ranked = rankByFit(replies, ["retention_of_identity_documents", "abroad"]);
    expect(ranked.map((r) => r.id)).toEqual([
      "abroad_and_documents",
      "documents",
      "hello",
      "still_there",
      "fees",
    ]);
    expect(ranked[0]!.matched).toEqual(["abroad", "retention_of_identity_documents"]);
    expect(ranked[2]!.matched).toEqual([]);
  });

  it("when a chat has no signs, then general replies come first and the file order is kept", () => {
    expect(rankByFit(replies, []).map((r) => r.id)).toEqual([
      "hello",
      "still_there",
      "documents",
      "fees",
      "abroad_and_documents",
    ]);
  });

  it("when a sign is in notWhen, then the item is not suggested at all", () => {
    const ranked = rankByFit(
      [{ ...reply("police", ["violence_now"]), notWhen: ["abroad"] }],
      ["violence_now", "abroad"],
    );
    expect(ranked[0]!.matched).toEqual([]);
  });
});

describe("servicesFor and signsOf", () => {
  const services = [
    service("police_113", ["violence_now"], { notWhen: ["abroad"] }),
    service("citizen_protection", ["abroad", "confined_now"]),
    service("osso_ha_noi", ["physical_and_sexual_violence"], { kind: "osso", areaId: "ha_noi" }),
    service("osso_can_tho", ["physical_and_sexual_violence"], { kind: "osso", areaId: "can_tho" }),
  ];

  it("when the person is abroad and confined, then the citizen-protection line is offered and 113 is not", () => {
    const chat = signsOf({
      risk: { indicators: ["confined_now", "violence_now"] },
      answers: { location: "abroad" },
    });
    expect(chat.signs).toEqual(["confined_now", "violence_now", "abroad"]);
    expect(servicesFor(services, chat).map((s) => s.id)).toEqual(["citizen_protection"]);
  });

  it("when a local service fits, then it is offered only to a person of its area", () => {
    const hanoi = signsOf({
      risk: { indicators: ["physical_and_sexual_violence"] },
      answers: { area: "ha_noi" },
    });
    expect(servicesFor(services, hanoi).map((s) => s.id)).toEqual(["osso_ha_noi"]);
    const nowhere = signsOf({ risk: { indicators: ["physical_and_sexual_violence"] }, answers: {} });
    expect(servicesFor(services, nowhere)).toEqual([]);
  });
});

describe("flows/canned-replies.yaml", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "canned-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const resources = loadLocaleResources("locales");
  const problems: FlowProblem[] = [];
  const directory = loadDirectory("flows/directory.yaml", resources, "locales", problems);

  it("when the shipped file is loaded, then it has no problems, both languages, and every reply of the old console texts", () => {
    const found: FlowProblem[] = [];
    const data = loadCannedReplies(
      path.join("flows", CANNED_REPLIES_FILE),
      { indicators: indicatorIds(resources), ...(directory ? { directory } : {}) },
      found,
    );
    expect(found).toEqual([]);
    expect(data?.replies.map((r) => r.id)).toEqual(
      expect.arrayContaining(["hello", "safe_now", "no_name", "call_111", "still_there"]),
    );
    const en = helpFor(data!, directory, "en");
    expect(en.replies.find((r) => r.id === "hello")?.text).toMatch(/^Hello/);
    const vi = helpFor(data!, directory, "vi");
    // A `kind` entry stands for every service of that kind, each with its area.
    const osso = vi.services.filter((s) => s.kind === "osso");
    expect(osso.length).toBeGreaterThan(1);
    expect(osso.every((s) => s.areaId && s.province)).toBe(true);
    expect(vi.services.find((s) => s.id === "citizen_protection")?.name).toBe(
      "Bảo hộ công dân (Bộ Ngoại giao)",
    );
  });

  it("when the file has an unknown sign, a duplicate id, a missing language or an unknown service, then each is a problem with its line", () => {
    const file = path.join(dir, CANNED_REPLIES_FILE);
    writeFileSync(
      file,
      [
        "replies:",
        "  - id: hello",
        "    vi: Chào bạn",
        "    en: Hello",
        "  - id: hello",
        "    vi: Chào",
        "    en: Hi",
        "    fits: [held_passport]",
        "services:",
        "  - service: no_such_service",
        "    fits: [abroad]",
        "",
      ].join("\n"),
    );
    const found: FlowProblem[] = [];
    expect(
      loadCannedReplies(
        file,
        { indicators: indicatorIds(resources), ...(directory ? { directory } : {}) },
        found,
      ),
    ).toBeUndefined();
    expect(found.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '5: reply id "hello" is used twice',
      expect.stringMatching(/^8: "held_passport" is neither a risk indicator/),
      '10: service "no_such_service" is not in directory.yaml',
    ]);

    writeFileSync(file, "replies:\n  - id: hello\n    vi: Chào bạn\n");
    const missing: FlowProblem[] = [];
    loadCannedReplies(file, { indicators: indicatorIds(resources) }, missing);
    expect(missing).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("en") })]);
  });

  it("when flows:check runs on a copy with a broken canned-replies file, then it reports it", () => {
    const flowsCopy = path.join(dir, "flows");
    cpSync("flows", flowsCopy, { recursive: true });
    writeFileSync(
      path.join(flowsCopy, CANNED_REPLIES_FILE),
      "replies:\n  - id: x\n    vi: a\n    en: b\n    fits: [nonsense]\n",
    );
    const bundle = loadFlows(flowsCopy, "locales");
    expect(bundle.problems.map((p) => `${path.basename(p.file)}:${p.line}`)).toEqual([
      "canned-replies.yaml:5",
    ]);
  });
});
