// One reading of intents (the engine's): a person in the queue or with a counselor who asks
// the bot for help or another language gets the bot's answer, not "your message is kept".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeTexts } from "../../support/localeTexts.js";
import { startTestServer, type TestServer, testDatabases, webchatSession } from "../../support/testServer.js";
import { type ConsoleClient, createCounselor, OFFICE_TIME, signIn } from "../console/consoleClient.js";

type Msg = { from: string; text: string; buttons?: { label: string; value: string }[] };

const common = localeTexts("vi", "common");
const handoff = localeTexts("vi", "handoff");
const KEPT = "Mình đã lưu tin nhắn của bạn";
const HELP = "Bạn có thể bấm các nút, hoặc gõ";

describe.each(testDatabases())("commands to the bot during a handoff on %s", (db) => {
  let server: TestServer;
  let an: ConsoleClient;

  beforeAll(async () => {
    server = await startTestServer({ db, clock: () => OFFICE_TIME });
    await createCounselor(server, { email: "an@example.org", alias: "An" });
    an = await signIn(server.url, "an@example.org");
  });
  afterAll(async () => {
    await server?.stop();
  });

  const texts = (res: { body: { messages: Msg[] } }) => res.body.messages.map((m) => m.text).join("\n");
  const statusOf = async (sessionId: string) =>
    (
      await server.prisma.conversation.findFirstOrThrow({
        where: { contact: { pseudonym: server.service.pseudonymOf("webchat", sessionId) } },
        orderBy: { createdAt: "desc" },
      })
    ).status;

  it("when a person waiting in the queue sends /help or /lang, then the bot answers it, and other words are still kept for the counselor", async () => {
    expect(handoff.queue.message_kept).toContain(KEPT);
    expect(common.help).toContain(HELP);
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    expect(await statusOf(user.sessionId)).toBe("waiting");

    const help = await user.say("/help");
    expect(texts(help)).toContain(HELP);
    expect(texts(help)).not.toContain(KEPT);

    const lang = await user.say("/lang");
    expect(texts(lang)).toContain(common.choose_language);
    expect(texts(lang)).not.toContain(KEPT);
    const english = await user.press("g_en");
    expect(texts(english)).toContain(localeTexts("en", "common").language_set);

    // Words that are no command are still for the counselor (answered in the chosen language).
    const words = await user.say("mình vẫn đang chờ");
    expect(texts(words)).toMatch(/counselor will read it/);
    expect(await statusOf(user.sessionId)).toBe("waiting");
  });

  it("when a person waiting in the queue writes “xóa dữ liệu”, then the bot asks to confirm the erasure", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const erase = await user.say("xóa dữ liệu");
    expect(texts(erase)).toContain("Bạn muốn xóa toàn bộ tin nhắn");
    expect(texts(erase)).not.toContain(KEPT);
  });

  it("when a person talking with a counselor sends /help, then the bot answers it, the counselor sees both, and the chat stays with the counselor", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const { id } = (await an.queue()).body.conversations.at(-1) as { id: string };
    expect((await an.claim(id)).status).toBe(200);

    const help = await user.say("/help");
    // The help alone: no menu while the counselor leads the conversation.
    const bot = help.body.messages.filter((m: Msg) => m.from === "bot") as Msg[];
    expect(bot.map((m) => m.text)).toEqual([common.help]);
    expect(bot[0]!.buttons).toBeUndefined();
    expect(await statusOf(user.sessionId)).toBe("active");

    // Anything else still goes to the counselor only.
    const words = await user.say("cảm ơn chị");
    expect(words.body.messages.filter((m: Msg) => m.from !== "user")).toEqual([]);

    const transcript = (await an.detail(id)).body.transcript as Msg[];
    const seen = transcript.map((m) => `${m.from}: ${m.text.split("\n")[0]}`);
    expect(seen).toContain("user: /help");
    expect(seen).toContain(`bot: ${HELP}:`);
    expect(seen).toContain("user: cảm ơn chị");
  });
});
