import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";
import { createCounselor, OFFICE_TIME, signIn } from "./consoleClient.js";

describe("screening answers in the console", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock: () => OFFICE_TIME });
    await createCounselor(server, { email: "hoa@example.org", alias: "Hoa" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when a person answered questions before asking for a counselor, then the counselor reads each question and the chosen option in their language", async () => {
    const chat = await webchatSession(server.url);
    const intro = await chat.press("job_check");
    const question = intro.body.messages.at(-1);
    const option = question.buttons[1];
    await chat.press(option.value);
    await chat.say("tư vấn viên");

    const counselor = await signIn(server.url, "hoa@example.org");
    const { conversations } = (await counselor.queue()).body;
    expect((await counselor.claim(conversations[0].id)).status).toBe(200);

    const vi = await counselor.call("GET", `/console/api/conversations/${conversations[0].id}?lang=vi`);
    const recruiter = vi.body.screening.find((a: { answer: string }) => a.answer === option.label);
    expect(recruiter).toMatchObject({
      question: expect.stringContaining(question.text.slice(0, 10)),
    });
    expect(vi.body.screening.map((a: { var: string }) => a.var)).not.toContain("score");

    const en = await counselor.call("GET", `/console/api/conversations/${conversations[0].id}?lang=en`);
    const same = en.body.screening.find((a: { var: string }) => a.var === recruiter.var);
    expect(same.answer).not.toBe(option.label);
    expect(same.question).toMatch(/[A-Za-z]/);

    const bad = await counselor.call("GET", `/console/api/conversations/${conversations[0].id}?lang=fr`);
    expect(bad.status).toBe(400);
  });
});
