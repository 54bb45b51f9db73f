import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDirectory } from "../../../src/flows/loadDirectory.js";
import { loadFlows } from "../../../src/flows/loadFlows.js";
import type { LocaleResources } from "../../../src/flows/locales.js";
import type { FlowProblem } from "../../../src/flows/yamlSource.js";

const fixtures = path.resolve("test/unit/flows/fixtures");
const noTexts: LocaleResources = { vi: {}, en: {} };

describe("service directory check (flows/directory.yaml)", () => {
  it("when the shipped directory is checked, then it has no problems and lists the five OSSO offices without a number", () => {
    const bundle = loadFlows("flows", "locales");
    expect(bundle.problems).toEqual([]);
    const osso = bundle.directory?.areas.flatMap((a) => a.services.filter((s) => s.id.startsWith("osso_")));
    expect(osso?.map((s) => s.id).sort()).toEqual([
      "osso_can_tho",
      "osso_ha_noi",
      "osso_hai_duong",
      "osso_hai_phong",
      "osso_hau_giang",
    ]);
    expect(osso?.every((s) => s.phone === undefined)).toBe(true);
  });

  it("when an entry has a bad phone and a missing English name, then flows:check reports each at its file and line, and the steps that read the directory too", () => {
    const dir = path.join(fixtures, "broken-directory");
    const bundle = loadFlows(path.join(dir, "flows"), path.join(dir, "locales"));
    const directoryFile = path.join(dir, "flows", "directory.yaml");
    const mainFile = path.join(dir, "flows", "main.flow.yaml");
    expect(bundle.directory).toBeUndefined();
    expect(bundle.problems).toEqual([
      {
        file: directoryFile,
        line: 11,
        message: expect.stringContaining("national.1.phone: a phone number is digits"),
      },
      { file: directoryFile, line: 21, message: expect.stringContaining("areas.2.name.en") },
      {
        file: mainFile,
        line: 12,
        message: expect.stringContaining('step "lookup" reads the service directory'),
      },
      {
        file: mainFile,
        line: 18,
        message: expect.stringContaining('step "list" reads the service directory'),
      },
    ]);
  });

  it("when a retired number, a duplicate id and a name shared by two areas appear, then each is a problem and the directory is not used", () => {
    const file = path.join(fixtures, "clashing-directory.yaml");
    const problems: FlowProblem[] = [];
    const directory = loadDirectory(file, noTexts, "locales", problems);
    expect(directory).toBeUndefined();
    expect(problems).toEqual([
      { file, line: 6, message: "1800 1567 is a retired number (retiredNumbers): never show it" },
      { file, line: 8, message: 'service id "hotline" is used twice' },
      { file, line: 8, message: 'service "hotline" mentions the retired number 18001567' },
      { file, line: 19, message: 'name "hn" of area "capital" is also a name of area "ha_noi"' },
    ]);
  });

  it("when a service has no kind or an unknown one, or a retired number in what to bring, then each is a problem at its line", () => {
    const file = path.join(fixtures, "kind-directory.yaml");
    const problems: FlowProblem[] = [];
    expect(loadDirectory(file, noTexts, "locales", problems)).toBeUndefined();
    expect(problems).toEqual([
      { file, line: 3, message: expect.stringContaining("national.0.kind: kind is one of osso, legal") },
      { file, line: 8, message: expect.stringContaining("national.1.kind: kind is one of osso, legal") },
    ]);
    const fixed: FlowProblem[] = [];
    loadDirectory(path.join(fixtures, "bring-directory.yaml"), noTexts, "locales", fixed);
    expect(fixed).toEqual([
      {
        file: path.join(fixtures, "bring-directory.yaml"),
        line: 3,
        message: 'service "office" mentions the retired number 18001567',
      },
    ]);
  });

  it("when the shipped directory is read, then every service has a kind and the national lines say how to reach them", () => {
    const bundle = loadFlows("flows", "locales");
    const all = [
      ...(bundle.directory?.national ?? []),
      ...(bundle.directory?.areas.flatMap((a) => a.services) ?? []),
    ];
    expect(Object.fromEntries(bundle.directory!.national.map((s) => [s.id, s.kind]))).toMatchObject({
      hotline_111: "hotline",
      police_113: "police",
    });
    expect(all.filter((s) => s.id.startsWith("osso_")).every((s) => s.kind === "osso")).toBe(true);
    expect(bundle.directory!.national.every((s) => s.reach?.vi && s.reach.en)).toBe(true);
  });

  it("when a locale text shows a retired number however it is spaced, then the locale file is named", () => {
    const file = path.resolve("flows/directory.yaml");
    const problems: FlowProblem[] = [];
    const resources: LocaleResources = {
      vi: { x: { old: { line: "Gọi 1800.1567 nhé" }, ok: "Gọi 111" } },
      en: {},
    };
    loadDirectory(file, resources, "locales", problems);
    expect(problems).toEqual([
      {
        file: path.join("locales", "vi", "x.json"),
        line: 1,
        message: 'text "x:old.line" shows the retired number 18001567',
      },
    ]);
  });

  it("when there is no directory file, then nothing is reported by the directory check itself", () => {
    const problems: FlowProblem[] = [];
    expect(loadDirectory(path.join(fixtures, "missing.yaml"), noTexts, "locales", problems)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("when the national lines in the directory are compared with the hotlines screen, then every number is on both, so an operator sees a change needed in both", () => {
    const bundle = loadFlows("flows", "locales");
    for (const lng of ["vi", "en"] as const) {
      const screen = JSON.stringify(bundle.resources[lng].hotlines);
      for (const service of bundle.directory?.national ?? []) expect(screen).toContain(service.phone);
    }
  });
});
