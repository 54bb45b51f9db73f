import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";
import { type ConsoleClient, createCounselor, OFFICE_TIME, signIn } from "./consoleClient.js";

/** OFFICE_TIME is 10:00 on 4 March 2026 in Vietnam. */
const TODAY = "2026-03-04";

describe("referrals that are followed up, and the programme's figures (issue bar)", () => {
  let server: TestServer;
  let now = OFFICE_TIME;
  let counselor: ConsoleClient;
  let supervisor: ConsoleClient;
  let admin: ConsoleClient;
  let urgentPerson: Awaited<ReturnType<typeof webchatSession>>;
  let urgentId: string;
  let referralId: string;

  const later = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  const report = (client: ConsoleClient, query = `?from=${TODAY}&to=${TODAY}`) =>
    client.call("GET", `/console/api/reports${query}`);

  beforeAll(async () => {
    server = await startTestServer({
      clock: () => now,
      env: { URGENT_SLA_SECONDS: "20" },
      assessRisk: (text) =>
        text.includes("NGUY HIỂM")
          ? { level: "urgent", indicators: ["danger_now"] }
          : { level: "none", indicators: [] },
    });
    await createCounselor(server, { email: "lan@example.org", alias: "Lan" });
    await createCounselor(server, { email: "sup@example.org", role: "supervisor" });
    await createCounselor(server, { email: "admin@example.org", role: "admin" });
    counselor = await signIn(server.url, "lan@example.org");
    supervisor = await signIn(server.url, "sup@example.org");
    admin = await signIn(server.url, "admin@example.org");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when three people write (one urgent, one asking for a counselor), then the urgent chat heads the queue", async () => {
    urgentPerson = await webchatSession(server.url);
    expect((await urgentPerson.say("NGUY HIỂM, tôi bị nhốt")).status).toBe(200);
    const asking = await webchatSession(server.url);
    expect((await asking.say("tư vấn viên")).status).toBe(200);
    const browsing = await webchatSession(server.url);
    await browsing.say("xin chào");
    await browsing.say("xin chào lần nữa");
    const queue = await counselor.queue();
    expect(queue.body.conversations.map((c: { priority: string }) => c.priority)).toEqual([
      "urgent",
      "normal",
    ]);
    urgentId = queue.body.conversations[0].id;
  });

  it("when the counselor lists services, then each has an id, a name in their language, a kind, and a province for local offices", async () => {
    const vi = await counselor.call("GET", "/console/api/services");
    expect(vi.status).toBe(200);
    expect(vi.body.services).toContainEqual({ id: "hotline_111", name: "Tổng đài 111", kind: "hotline" });
    expect(vi.body.services).toContainEqual({
      id: "osso_ha_noi",
      name: "Văn phòng hỗ trợ một cửa (OSSO) Hà Nội",
      kind: "osso",
      province: "Hà Nội",
    });
    const en = await counselor.call("GET", "/console/api/services?lang=en");
    expect(en.body.services).toContainEqual({ id: "police_113", name: "Police", kind: "police" });
  });

  it("when a referral lacks consent, names an unknown service, or comes from someone not holding the chat, then it is refused and nothing is recorded", async () => {
    later(30);
    expect((await counselor.claim(urgentId)).status).toBe(200);
    const path = `/console/api/conversations/${urgentId}/referrals`;
    const noConsent = await counselor.call("POST", path, { serviceId: "osso_ha_noi" });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.message).toContain("consent");
    expect((await counselor.call("POST", path, { serviceId: "osso_ha_noi", consent: false })).status).toBe(
      400,
    );
    expect((await counselor.call("POST", path, { serviceId: "osso_ha_noi", consent: "yes" })).status).toBe(
      400,
    );
    const unknown = await counselor.call("POST", path, { serviceId: "no_such_service", consent: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("serviceId");
    const past = await counselor.call("POST", path, {
      serviceId: "osso_ha_noi",
      consent: true,
      followUpOn: "2026-03-01",
    });
    expect(past.status).toBe(400);
    expect(
      (
        await counselor.call("POST", path, {
          serviceId: "osso_ha_noi",
          consent: true,
          followUpOn: "2026-02-30",
        })
      ).status,
    ).toBe(400);
    const bySupervisor = await supervisor.call("POST", path, { serviceId: "osso_ha_noi", consent: true });
    expect(bySupervisor.status).toBe(409);
    const noCsrf = await api(
      server.url,
      "POST",
      path,
      { serviceId: "osso_ha_noi", consent: true },
      { cookie: counselor.cookie },
    );
    expect(noCsrf.status).toBe(403);
    expect(
      (
        await counselor.call("POST", "/console/api/conversations/nope/referrals", {
          serviceId: "osso_ha_noi",
          consent: true,
        })
      ).status,
    ).toBe(404);
    expect(await server.prisma.referral.count()).toBe(0);
  });

  it("when the counselor records a consented referral, then the person gets the service's details on their channel, in their language, without an invented number", async () => {
    const created = await counselor.call("POST", `/console/api/conversations/${urgentId}/referrals`, {
      serviceId: "osso_ha_noi",
      consent: true,
      note: "hẹn gặp thứ Hai",
    });
    expect(created.status).toBe(201);
    expect(created.body.referral).toMatchObject({
      id: expect.any(String),
      serviceId: "osso_ha_noi",
      status: "referred",
      createdAt: now.toISOString(),
      followUpOn: "2026-03-11",
    });
    referralId = created.body.referral.id;
    const history = await urgentPerson.history();
    const sent = history.body.messages.at(-1);
    expect(sent.from).toBe("counselor");
    expect(sent.text).toContain("Văn phòng hỗ trợ một cửa (OSSO) Hà Nội");
    expect(sent.text).toContain("pháp lý, tâm lý, việc làm");
    expect(sent.text).toContain("chưa được xác nhận");
    expect(sent.text).not.toContain("hẹn gặp");
    expect(sent.text.replace("111", "").replace("24/7", "")).not.toMatch(/\d{3,}/);
    const stored = await server.prisma.referralNote.findFirstOrThrow({ where: { referralId } });
    expect(stored.text).not.toContain("hẹn gặp");
  });

  it("when a referral is moved, then only referred → contacted → supported|declined|lost is allowed and illegal moves get 409", async () => {
    const path = `/console/api/referrals/${referralId}`;
    const skip = await counselor.call("PATCH", path, { status: "supported" });
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe("illegal_transition");
    expect((await counselor.call("PATCH", path, { status: "done" })).status).toBe(400);
    expect(
      (await counselor.call("PATCH", "/console/api/referrals/nope", { status: "contacted" })).status,
    ).toBe(404);
    const contacted = await counselor.call("PATCH", path, { status: "contacted", note: "đã gọi được" });
    expect(contacted.status).toBe(200);
    expect(contacted.body.referral.status).toBe("contacted");
    const supported = await counselor.call("PATCH", path, { status: "supported" });
    expect(supported.body.referral).toMatchObject({ id: referralId, status: "supported" });
    expect((await counselor.call("PATCH", path, { status: "lost" })).status).toBe(409);
    expect((await counselor.close(urgentId, "referred")).status).toBe(200);
    const all = await counselor.call("GET", "/console/api/referrals?due=all");
    expect(all.body.referrals).toHaveLength(1);
    expect(all.body.referrals[0]).toMatchObject({
      id: referralId,
      status: "supported",
      serviceName: "Văn phòng hỗ trợ một cửa (OSSO) Hà Nội",
      conversationStatus: "closed",
      next: [],
      handle: expect.stringMatching(/^Khách /),
    });
    expect(all.body.referrals[0].notes.map((n: { text: string }) => n.text)).toEqual([
      "hẹn gặp thứ Hai",
      "đã gọi được",
    ]);
  });

  it("when the supervisor asks for today's report, then it has the issue's shape with 3 reached, 1 urgent handoff, 1 referral supported and a claim-wait p50", async () => {
    const res = await report(supervisor);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining([
        "from",
        "to",
        "reached",
        "screenings",
        "risk",
        "handoffs",
        "waits",
        "outcomes",
        "referrals",
      ]),
    );
    expect(r.from).toBe(TODAY);
    expect(r.to).toBe(TODAY);
    expect(r.reached).toEqual({ total: 3, byChannel: { webchat: 3, telegram: 0, zalo_oa: 0, zalo_bot: 0 } });
    expect(r.screenings).toMatchObject({
      jobCheck: { completed: 0, byLevel: {} },
      needHelp: { completed: 0, byLevel: {} },
    });
    expect(r.risk).toEqual({ urgent: 1, high: 0, medium: 0, low: 0 });
    expect(r.handoffs).toEqual({ total: 2, byPriority: { urgent: 1, high: 0, normal: 1 } });
    expect(r.waits.claimSeconds).toEqual({ p50: 30, p90: 30 });
    expect(r.waits.slaBreaches).toBe(1);
    expect(r.outcomes).toEqual({ referred: 1 });
    expect(r.referrals).toMatchObject({
      total: 1,
      byKind: { osso: 1 },
      byStatus: { supported: 1 },
      supportedRate: 1,
      funnel: { referred: 1, contacted: 1, supported: 1 },
    });
  });

  it("when the person erases their data, then their referral notes and link go, and the figures stay", async () => {
    const before = (await report(supervisor)).body;
    await urgentPerson.say("xóa dữ liệu");
    expect((await urgentPerson.press("erase_yes")).status).toBe(200);
    const row = await server.prisma.referral.findUniqueOrThrow({ where: { id: referralId } });
    expect(row.conversationId).toBeNull();
    expect(row.status).toBe("supported");
    expect(await server.prisma.referralNote.count()).toBe(0);
    const after = (await report(supervisor)).body;
    expect(after).toEqual(before);
    const all = await counselor.call("GET", "/console/api/referrals?due=all");
    expect(all.body.referrals[0]).toMatchObject({ handle: null, conversationId: null, notes: [] });
  });

  it("when a counselor or nobody asks for the figures, then 403 and 401", async () => {
    expect((await report(counselor)).status).toBe(403);
    expect((await counselor.call("GET", "/console/api/reports.csv")).status).toBe(403);
    expect((await api(server.url, "GET", `/console/api/reports?from=${TODAY}&to=${TODAY}`)).status).toBe(401);
    expect((await api(server.url, "GET", "/console/api/reports.csv")).status).toBe(401);
    expect((await report(supervisor, "?from=2026-03-05&to=2026-03-04")).status).toBe(400);
    expect((await report(supervisor, "?from=2026-3-4")).status).toBe(400);
    expect((await report(supervisor, "?from=2024-01-01&to=2026-03-04")).status).toBe(400);
  });

  it("when the CSV is downloaded, then it is UTF-8 with a BOM, a header and a row for today, small counts hidden unless an admin asks for exact figures", async () => {
    const res = await fetch(`${server.url}/console/api/reports.csv?from=2026-03-03&to=${TODAY}`, {
      headers: { cookie: supervisor.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const header = lines[0]!.split(",");
    expect(header.slice(0, 3)).toEqual(["day", "reached_total", "reached_webchat"]);
    expect(header).toContain("outcome_referred");
    expect(lines).toHaveLength(3);
    const today = Object.fromEntries(header.map((h, i) => [h, lines[2]!.split(",")[i]]));
    expect(today).toMatchObject({
      day: TODAY,
      reached_total: "<5",
      handoffs_urgent: "<5",
      reached_telegram: "0",
      claim_wait_p50_seconds: "30",
    });
    expect(lines[1]!.startsWith("2026-03-03,0,")).toBe(true);

    expect((await supervisor.call("GET", "/console/api/reports.csv?exact=1")).status).toBe(403);
    const exact = await admin.call("GET", `/console/api/reports.csv?from=${TODAY}&to=${TODAY}&exact=1`);
    expect(exact.status).toBe(200);
    const [h, row] = (exact.body as string)
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const exactToday = Object.fromEntries(h!.split(",").map((k, i) => [k, row!.split(",")[i]]));
    expect(exactToday).toMatchObject({ reached_total: "3", handoffs_total: "2", referrals_supported: "1" });
  });

  it("when referrals fall due, then today and overdue list the open ones, also for closed chats, and a final one leaves the lists", async () => {
    const queue = await counselor.queue();
    const waitingId = queue.body.conversations[0].id;
    expect((await counselor.claim(waitingId)).status).toBe(200);
    const created = await counselor.call("POST", `/console/api/conversations/${waitingId}/referrals`, {
      serviceId: "hotline_111",
      consent: true,
      followUpOn: TODAY,
    });
    expect(created.status).toBe(201);
    expect((await counselor.close(waitingId, "information_given")).status).toBe(200);
    const ids = (res: { body: { referrals: { id: string }[] } }) => res.body.referrals.map((r) => r.id);
    expect(ids(await counselor.call("GET", "/console/api/referrals?due=today"))).toEqual([
      created.body.referral.id,
    ]);
    expect(ids(await counselor.call("GET", "/console/api/referrals?due=overdue"))).toEqual([]);
    expect((await counselor.call("GET", "/console/api/referrals?due=tomorrow")).status).toBe(400);
    later(2 * 86_400);
    // Console sessions last 12 hours: sign in again two days later.
    counselor = await signIn(server.url, "lan@example.org");
    supervisor = await signIn(server.url, "sup@example.org");
    expect(ids(await counselor.call("GET", "/console/api/referrals"))).toEqual([]);
    expect(ids(await counselor.call("GET", "/console/api/referrals?due=overdue"))).toEqual([
      created.body.referral.id,
    ]);
    await counselor.call("PATCH", `/console/api/referrals/${created.body.referral.id}`, { status: "lost" });
    expect(ids(await counselor.call("GET", "/console/api/referrals?due=overdue"))).toEqual([]);
    const days = (await report(supervisor, `?from=${TODAY}&to=2026-03-06`)).body;
    expect(days.referrals.byStatus).toEqual({ supported: 1, lost: 1 });
    expect(days.referrals.supportedRate).toBe(0.5);
    expect(days.days.map((d: { day: string }) => d.day)).toEqual([TODAY, "2026-03-05", "2026-03-06"]);
    expect(days.days[2].counts.referrals_lost).toBe(1);
  });
});
