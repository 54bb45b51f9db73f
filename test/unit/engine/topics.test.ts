import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Flow, flowSchema, type Intents } from "../../../src/engine/flowSchema.js";
import { factsIn, matchTopic } from "../../../src/engine/topics.js";
import { loadFlows } from "../../../src/flows/loadFlows.js";
import { intents as baseIntents } from "./fixture.js";

const check: Flow = flowSchema.parse({
  id: "check",
  start: "q",
  facts: {
    fee: {
      before: ["đặt cọc", "giữ chỗ"],
      none: ["không phải đặt cọc", "no deposit"],
    },
    pay: { high: ["lương #20+ triệu", "lương * #20+ triệu", "#800+ usd"] },
    country: { cambodia: ["campuchia", "cambodia"], other: ["hàn quốc", "korea"] },
  },
  steps: {
    q: { type: "ask", text: "t:q", var: "fee", choices: [{ value: "before", label: "t:a", next: "p" }] },
    p: { type: "ask", text: "t:p", var: "pay", choices: [{ value: "high", label: "t:a" }], next: "c" },
    c: { type: "ask", text: "t:c", var: "country", choices: [{ value: "cambodia", label: "t:a" }] },
  },
});

describe("facts told in the person's own words", () => {
  it("when a message names a country, a salary over 20 million and a deposit, then each answer is read, with or without marks", () => {
    expect(factsIn("Campuchia, lương 30 triệu, phải đặt cọc", check)).toEqual({
      country: "cambodia",
      pay: "high",
      fee: "before",
    });
    expect(factsIn("sang campuchia luong thang 25 trieu, dat coc truoc", check)).toEqual({
      country: "cambodia",
      pay: "high",
      fee: "before",
    });
  });

  it("when a phrase lies inside a longer one ('không phải đặt cọc'), then only the longer one counts", () => {
    expect(factsIn("không phải đặt cọc đâu", check)).toEqual({ fee: "none" });
    expect(factsIn("there is no deposit", check)).toEqual({ fee: "none" });
  });

  it("when a message names two values of one question, then the one listed first wins", () => {
    expect(factsIn("Hàn Quốc hay Campuchia gì đó", check)).toEqual({ country: "cambodia" });
  });

  it("when the salary is under 20 million or no salary is named, then the pay is not read", () => {
    expect(factsIn("lương 8 triệu", check)).toEqual({});
    expect(factsIn("phí 30 triệu", check)).toEqual({});
  });

  it("when marks are typed, then they must agree ('lượng' is not 'lương')", () => {
    expect(factsIn("trọng lượng 30 triệu", check)).toEqual({});
  });

  it("when the flow has no facts, then nothing is read", () => {
    const plain = flowSchema.parse({ ...check, facts: undefined });
    expect(factsIn("Campuchia, lương 30 triệu", plain)).toEqual({});
  });
});

describe("topics of plain typed questions", () => {
  const intents: Intents = {
    ...baseIntents,
    topics: [
      { flow: "lines", phrases: ["đường dây nóng", "hotline"] },
      { flow: "info", step: "company", phrases: ["kiểm tra công ty"] },
      { flow: "check", phrases: ["xuất khẩu lao động", "rủ * sang"] },
    ],
  };

  it("when a question names a topic anywhere, with or without marks, then that topic and step come back", () => {
    expect(matchTopic("cho mình xin số đường dây nóng với", intents)).toEqual({ flow: "lines" });
    expect(matchTopic("so duong day nong", intents)).toEqual({ flow: "lines" });
    expect(matchTopic("Làm sao KIỂM TRA công ty?", intents)).toEqual({ flow: "info", step: "company" });
    expect(matchTopic("có người rủ tôi sang Lào", intents)).toEqual({ flow: "check" });
  });

  it("when two topics match, then the one listed first wins", () => {
    expect(matchTopic("kiểm tra công ty xuất khẩu lao động", intents)).toEqual({
      flow: "info",
      step: "company",
    });
  });

  it("when nothing matches or there are no topics, then there is no topic", () => {
    expect(matchTopic("hôm nay trời đẹp", intents)).toBeUndefined();
    expect(matchTopic("đường dây nóng", baseIntents)).toBeUndefined();
    expect(matchTopic("   ", intents)).toBeUndefined();
  });
});

describe("flows:check on facts and topics", () => {
  function problemsWith(edit: (dir: string) => void): string[] {
    const dir = mkdtempSync(path.join(tmpdir(), "flows-topics-"));
    cpSync("flows", dir, { recursive: true });
    edit(dir);
    return loadFlows(dir, "locales").problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`);
  }
  const replaceIn = (file: string, from: string, to: string) => {
    const text = readFileSync(file, "utf8");
    if (!text.includes(from)) throw new Error(`"${from}" is not in ${file}`);
    writeFileSync(file, text.replace(from, to));
  };

  it("when a topic leads to a flow or step that does not exist, then the line of the topic is reported", () => {
    const problems = problemsWith((dir) => {
      replaceIn(`${dir}/intents.yaml`, "  - flow: hotlines\n", "  - flow: hotline\n");
      replaceIn(`${dir}/intents.yaml`, "    step: agency\n", "    step: agencies\n");
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^intents\.yaml:\d+: topic 1 leads to flow "hotline", which does not exist$/),
        expect.stringMatching(
          /^intents\.yaml:\d+: topic 2 leads to "safe_migration\/agencies", which does not exist$/,
        ),
      ]),
    );
  });

  it("when a fact names a value no question offers, a variable no question asks, or a phrase that cannot be read, then each is reported", () => {
    const problems = problemsWith((dir) => {
      const file = `${dir}/job_check.flow.yaml`;
      replaceIn(file, "    tourist: [visa du lịch,", "    touristy: [visa du lịch,");
      replaceIn(file, "facts:\n", "facts:\n  salary:\n    high: [lương cao]\n");
      replaceIn(file, '"lương #20+ triệu"', '"lương #abc triệu"');
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/job_check\.flow\.yaml:\d+: fact "papers: touristy" is not a choice/),
        expect.stringMatching(/job_check\.flow\.yaml:\d+: fact "salary" is no variable of an ask step/),
        expect.stringMatching(/job_check\.flow\.yaml:\d+: phrase "lương #abc triệu": "#abc" is not/),
      ]),
    );
  });

  it("when a question to skip once answered has no variable, then it is reported", () => {
    const problems = problemsWith((dir) => {
      replaceIn(`${dir}/job_check.flow.yaml`, "    var: passport\n", "");
    });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/ask step "passport" has skipIfKnown but no var/)]),
    );
  });
});
