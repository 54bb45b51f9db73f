import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/testServer.js";
import { createCounselor, OFFICE_TIME, signIn } from "./consoleClient.js";

describe("a counselor signing in", () => {
  let server: TestServer;
  let now = OFFICE_TIME;

  beforeAll(async () => {
    server = await startTestServer({ clock: () => now });
    await createCounselor(server, { email: "new@example.org", available: false });
    await createCounselor(server, { email: "night@example.org", available: false });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when a new counselor signs in during office hours, then they are available", async () => {
    const client = await signIn(server.url, "new@example.org");
    expect(client.counselor).toMatchObject({ available: true });
    const me = await client.call("GET", "/console/api/me");
    expect(me.body.counselor.available).toBe(true);
  });

  it("when a counselor signs in out of hours, then they stay away", async () => {
    now = new Date("2026-03-08T15:00:00Z"); // 22:00 Sunday in Vietnam
    const client = await signIn(server.url, "night@example.org");
    expect(client.counselor).toMatchObject({ available: false });
  });
});
