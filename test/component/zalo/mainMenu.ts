// The main menu as the running flows define it, read from the data files (not hard-coded), so
// that these tests keep checking the channel when content people change the menu.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { localeTexts } from "../../support/localeTexts.js";

const vi = {
  main: localeTexts("vi", "main") as {
    greeting: string;
    menu: Record<string, string>;
  },
};

interface Choice {
  value: string;
  label: string;
}

/** The greeting, the menu question, and the menu options in order, in Vietnamese. */
export function mainMenu(): {
  greeting: string;
  prompt: string;
  options: Array<{ value: string; label: string }>;
} {
  const flow = parse(readFileSync("flows/main.flow.yaml", "utf8")) as {
    steps: { menu: { choices: Choice[] } };
  };
  const options = flow.steps.menu.choices.map((c) => {
    const key = c.label.replace(/^main:menu\./, "");
    const label = vi.main.menu[key];
    if (!label) throw new Error(`no Vietnamese label for ${c.label}`);
    return { value: c.value, label };
  });
  return { greeting: vi.main.greeting, prompt: vi.main.menu.prompt!, options };
}
