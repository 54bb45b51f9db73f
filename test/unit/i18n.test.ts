import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/engine/types.js";
import { type LocaleResources, loadLocaleResources } from "../../src/flows/locales.js";
import { createTranslator } from "../../src/i18n.js";

const resources = loadLocaleResources("locales");

/** Every `ns:dotted.key` that names a string in `lng`. */
function textKeys(all: LocaleResources, lng: keyof LocaleResources): string[] {
  const keys: string[] = [];
  const walk = (node: unknown, ns: string, path: string) => {
    if (typeof node === "string") keys.push(`${ns}:${path}`);
    else if (typeof node === "object" && node !== null)
      for (const [k, v] of Object.entries(node)) walk(v, ns, path === "" ? k : `${path}.${k}`);
  };
  for (const [ns, tree] of Object.entries(all[lng])) walk(tree, ns, "");
  return keys;
}

describe("createTranslator", () => {
  it("when every text of every locale is asked for twice, with and without variables, then each answer is i18next's own", () => {
    const { t, i18n } = createTranslator(resources, { retentionDays: 90 });
    let compared = 0;
    for (const lng of LOCALES) {
      for (const key of textKeys(resources, lng)) {
        for (const params of [
          undefined,
          { location: "abroad", alias: "An" },
          undefined,
          { location: "vietnam" },
        ]) {
          expect(t(lng, key, params), `${lng} ${key}`).toBe(i18n.t(key, { lng, ...params }));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("when a text with a placeholder is first asked for without its variable, then a later call still fills it in", () => {
    const { t } = createTranslator(resources, { retentionDays: 90 });
    expect(t("vi", "handoff:joined")).toContain("{{alias}}");
    expect(t("vi", "handoff:joined", { alias: "An" })).toBe("Tư vấn viên An đã tham gia cuộc trò chuyện.");
    expect(t("en", "handoff:joined", { alias: "Binh" })).toBe("Counselor Binh has joined the conversation.");
  });

  it("when a fixed text has a context variant and a call passes that context, then the variant is answered", () => {
    const withVariant = structuredClone(resources);
    withVariant.vi.common = {
      ...withVariant.vi.common,
      greeting_test: "Chào bạn",
      greeting_test_male: "Chào anh",
    };
    const { t } = createTranslator(withVariant, { retentionDays: 90 });
    expect(t("vi", "common:greeting_test")).toBe("Chào bạn");
    expect(t("vi", "common:greeting_test", { context: "male" })).toBe("Chào anh");
    expect(t("vi", "common:greeting_test", { location: "abroad" })).toBe("Chào bạn");
  });

  it("when a text is missing in English, then the Vietnamese fallback is answered each time, not kept as English's", () => {
    const partial = structuredClone(resources);
    partial.vi.common = { ...partial.vi.common, only_vi_test: "Chỉ tiếng Việt" };
    const { t } = createTranslator(partial, { retentionDays: 90 });
    expect(t("en", "common:only_vi_test")).toBe("Chỉ tiếng Việt");
    expect(t("en", "common:only_vi_test")).toBe("Chỉ tiếng Việt");
  });
});
