import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { riskAssessorFromModel } from "../../src/conversation/riskAssessor.js";
import { runTurn } from "../../src/conversation/runTurn.js";
import { initialState } from "../../src/engine/engine.js";
import { intentOf } from "../../src/engine/intents.js";
import type { EngineContext, EngineInput, EngineState, OutMessage } from "../../src/engine/types.js";
import { loadFlows } from "../../src/flows/loadFlows.js";
import { createTranslator } from "../../src/i18n.js";

const botExpectation = z.union([
  z.string(),
  z.strictObject({
    text: z.string().optional(),
    buttons: z.array(z.string()).optional(),
    noButtons: z.literal(true).optional(),
  }),
]);

const turnSchema = z
  .strictObject({
    user: z.string().optional(),
    press: z.string().optional(),
    media: z.string().optional(),
    bot: z.array(botExpectation).optional(),
    botIncludes: z.array(z.string()).optional(),
    /** Texts no bot message of this turn may contain. */
    botExcludes: z.array(z.string()).optional(),
    handoff: z.enum(["urgent", "high", "normal", "none"]).optional(),
    risk: z.enum(["none", "low", "medium", "high", "urgent"]).optional(),
    indicators: z.array(z.string()).optional(),
    vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .refine((t) => [t.user, t.press, t.media].filter((x) => x !== undefined).length === 1, {
    message: "each turn has exactly one of user, press or media",
  });

export const transcriptFileSchema = z.strictObject({
  transcripts: z.array(
    z.strictObject({
      name: z.string(),
      locale: z.enum(["vi", "en"]).default("vi"),
      /** The channel the conversation runs on (the `channel` variable the orchestrator sets). */
      channel: z.enum(["webchat", "telegram", "zalo_oa", "zalo_bot"]).default("webchat"),
      turns: z.array(turnSchema).min(1),
    }),
  ),
});
export type TranscriptFile = z.infer<typeof transcriptFileSchema>;
export type Transcript = TranscriptFile["transcripts"][number];

export function loadTranscriptFile(file: string): TranscriptFile {
  return transcriptFileSchema.parse(parse(readFileSync(file, "utf8")));
}

/** The retention the transcripts are written against (config default). */
export const TRANSCRIPT_RETENTION_DAYS = 90;

let shared:
  | { ctx: Omit<EngineContext, "risk">; assess: ReturnType<typeof riskAssessorFromModel> }
  | undefined;
function context() {
  if (!shared) {
    const bundle = loadFlows("flows", "locales");
    if (bundle.problems.length > 0)
      throw new Error(`flows have problems: ${JSON.stringify(bundle.problems)}`);
    const { t } = createTranslator(bundle.resources, { retentionDays: TRANSCRIPT_RETENTION_DAYS });
    const directory = bundle.directory ? { directory: bundle.directory } : {};
    const places = bundle.places ? { places: bundle.places } : {};
    shared = {
      ctx: { flows: bundle.flows, intents: bundle.intents, t, ...directory, ...places },
      assess: riskAssessorFromModel(),
    };
  }
  return shared;
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();
const show = (outs: OutMessage[]) =>
  outs
    .map(
      (o, i) =>
        `  [${i}] ${o.text}${o.buttons ? `\n      buttons: ${o.buttons.map((b) => b.label).join(" | ")}` : ""}`,
    )
    .join("\n");

/** Plays a transcript through the real flows, locales and risk model; throws on the first mismatch. */
export function playTranscript(transcript: Transcript): void {
  const { ctx, assess } = context();
  const start = initialState(transcript.locale, ctx);
  let state: EngineState = { ...start, vars: { ...start.vars, channel: transcript.channel } };
  let last: OutMessage[] = [];
  // The orchestrator puts the person in the queue after a handoff, until they cancel.
  let waiting = false;
  transcript.turns.forEach((turn, index) => {
    const where = `turn ${index + 1} (${turn.user !== undefined ? `user: ${turn.user}` : turn.press !== undefined ? `press: ${turn.press}` : `media: ${turn.media}`})`;
    let input: EngineInput;
    if (turn.user !== undefined) input = { type: "text", text: turn.user };
    else if (turn.media !== undefined) input = { type: "media", media: turn.media };
    else {
      const buttons = last.flatMap((o) => o.buttons ?? []);
      const button = buttons.find((b) => b.label === turn.press || b.value === turn.press);
      if (!button) throw new Error(`${where}: no button "${turn.press}"; the bot said:\n${show(last)}`);
      input = { type: "choice", value: button.value };
    }
    const result = runTurn(state, input, waiting ? { ...ctx, flagged: true } : ctx, assess);
    if (intentOf(input, ctx.intents) === "cancel") waiting = false;
    if (result.effects.some((e) => e.type === "handoff")) waiting = true;
    const outs = result.outputs;
    if (turn.bot) {
      if (outs.length !== turn.bot.length)
        throw new Error(
          `${where}: expected ${turn.bot.length} bot messages, got ${outs.length}:\n${show(outs)}`,
        );
      turn.bot.forEach((exp, i) => {
        const out = outs[i]!;
        const text = typeof exp === "string" ? exp : exp.text;
        if (text !== undefined && !squash(out.text).includes(squash(text)))
          throw new Error(`${where}: message ${i} should contain "${text}":\n${show(outs)}`);
        if (typeof exp === "object" && exp.buttons) {
          const labels = (out.buttons ?? []).map((b) => b.label);
          for (const label of exp.buttons)
            if (!labels.includes(label))
              throw new Error(`${where}: message ${i} should have button "${label}":\n${show(outs)}`);
        }
        if (typeof exp === "object" && exp.noButtons && out.buttons?.length)
          throw new Error(`${where}: message ${i} should have no buttons:\n${show(outs)}`);
      });
    }
    for (const text of turn.botIncludes ?? []) {
      if (!outs.some((o) => squash(o.text).includes(squash(text))))
        throw new Error(`${where}: some bot message should contain "${text}":\n${show(outs)}`);
    }
    for (const text of turn.botExcludes ?? []) {
      if (outs.some((o) => squash(o.text).includes(squash(text))))
        throw new Error(`${where}: no bot message should contain "${text}":\n${show(outs)}`);
    }
    if (turn.handoff !== undefined) {
      const handoff = result.effects.find((e) => e.type === "handoff");
      const got = handoff && handoff.type === "handoff" ? handoff.priority : "none";
      if (got !== turn.handoff) throw new Error(`${where}: expected handoff ${turn.handoff}, got ${got}`);
    }
    if (turn.risk !== undefined) {
      const got = result.risk?.level ?? "none";
      if (got !== turn.risk)
        throw new Error(
          `${where}: expected risk ${turn.risk}, got ${got} (${result.risk?.indicators.join(", ")})`,
        );
    }
    for (const id of turn.indicators ?? []) {
      if (!result.risk?.indicators.includes(id))
        throw new Error(
          `${where}: expected indicator ${id}, got ${result.risk?.indicators.join(", ") ?? "none"}`,
        );
    }
    for (const [name, value] of Object.entries(turn.vars ?? {})) {
      if (result.state.vars[name] !== value)
        throw new Error(
          `${where}: expected variable ${name} = ${String(value)}, got ${String(result.state.vars[name])}`,
        );
    }
    state = result.state;
    last = outs;
  });
}
