import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../../src/store/prisma.js";
import { freshDatabase, startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2025-06-01T08:00:00.000Z");

let server: TestServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.stop();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A contact with one conversation per entry: `null` = still open, a date = closed then. */
async function seedContact(prisma: PrismaClient, name: string, closedAt: (Date | null)[]) {
  const contact = await prisma.contact.create({
    data: { channel: "telegram", pseudonym: `p-${name}`, handle: `Khách ${name}`, address: "v1.x.y.z.w" },
  });
  await prisma.webSession.create({ data: { id: `ws-${name}`, tokenHash: "00", contactId: contact.id } });
  const conversations = [];
  for (const at of closedAt) {
    const conversation = await prisma.conversation.create({
      data: {
        contactId: contact.id,
        channel: "telegram",
        state: "{}",
        status: at ? "closed" : "bot",
        closedAt: at,
        messages: {
          create: [
            {
              channel: "telegram",
              direction: "in",
              sender: "user",
              text: "v1.a.b.c.d",
              delivery: "processed",
            },
            { channel: "telegram", direction: "out", sender: "bot", text: "v1.a.b.c.e", delivery: "sent" },
          ],
        },
        notes: { create: [{ counselorId: "c1", text: "note" }] },
      },
    });
    conversations.push(conversation.id);
  }
  return { contactId: contact.id, conversations };
}

const counter = async (prisma: PrismaClient, key: string) =>
  (await prisma.counter.findUnique({ where: { key } }))?.value ?? 0;

describe("retention of closed conversations", () => {
  it("when the server starts with a fixed clock, then closed conversations older than RETENTION_DAYS are purged and the rest kept", async () => {
    const db = freshDatabase();
    dirs.push(db.dir);
    // First run: seed, with the purge finding nothing yet (everything is recent at this clock).
    server = await startTestServer({
      database: db,
      clock: () => new Date(NOW.getTime() - 200 * DAY),
      timers: false,
    });
    const old = await seedContact(server.prisma, "old", [new Date(NOW.getTime() - 91 * DAY)]);
    const recent = await seedContact(server.prisma, "recent", [new Date(NOW.getTime() - 89 * DAY)]);
    const mixed = await seedContact(server.prisma, "mixed", [new Date(NOW.getTime() - 400 * DAY), null]);
    const open = await seedContact(server.prisma, "open", [null]);
    await server.prisma.auditLog.create({
      data: { action: "close", conversationId: old.conversations[0]!, detail: "outcome" },
    });
    await server.stop();

    server = await startTestServer({ database: db, clock: () => NOW, timers: false });
    const { prisma } = server;

    expect(
      await prisma.conversation.count({
        where: { id: { in: [old.conversations[0]!, mixed.conversations[0]!] } },
      }),
    ).toBe(0);
    expect(
      await prisma.message.count({
        where: { conversationId: { in: [old.conversations[0]!, mixed.conversations[0]!] } },
      }),
    ).toBe(0);
    expect(await prisma.note.count({ where: { conversationId: old.conversations[0]! } })).toBe(0);
    expect(await prisma.contact.count({ where: { id: old.contactId } })).toBe(0);
    expect(await prisma.webSession.count({ where: { contactId: old.contactId } })).toBe(0);
    expect(await prisma.auditLog.findMany({ where: { conversationId: old.conversations[0]! } })).toEqual([
      expect.objectContaining({ action: "close", detail: null }),
    ]);
    // Kept: a conversation closed 89 days ago, an open one, and the contact that still has one.
    expect(await prisma.conversation.count({ where: { id: recent.conversations[0]! } })).toBe(1);
    expect(
      await prisma.conversation.count({
        where: { id: { in: [mixed.conversations[1]!, open.conversations[0]!] } },
      }),
    ).toBe(2);
    expect(
      await prisma.contact.count({
        where: { id: { in: [recent.contactId, mixed.contactId, open.contactId] } },
      }),
    ).toBe(3);
    expect(await prisma.message.count({ where: { conversationId: recent.conversations[0]! } })).toBe(2);

    expect(await counter(prisma, "retention.conversations")).toBe(2);
    expect(await counter(prisma, "retention.messages")).toBe(4);
    expect(await counter(prisma, "retention.contacts")).toBe(1);
    expect(server.rawLogs()).toContain("retention: expired conversations purged");
  });

  it("when RETENTION_DAYS is shorter, then conversations closed before that are purged too", async () => {
    const db = freshDatabase();
    dirs.push(db.dir);
    server = await startTestServer({ database: db, clock: () => new Date(0), timers: false });
    const week = await seedContact(server.prisma, "week", [new Date(NOW.getTime() - 8 * DAY)]);
    const yesterday = await seedContact(server.prisma, "yday", [new Date(NOW.getTime() - 1 * DAY)]);
    await server.stop();
    server = await startTestServer({
      database: db,
      clock: () => NOW,
      timers: false,
      env: { RETENTION_DAYS: "7" },
    });
    expect(await server.prisma.contact.count({ where: { id: week.contactId } })).toBe(0);
    expect(await server.prisma.contact.count({ where: { id: yesterday.contactId } })).toBe(1);
  });

  it("when a web chat's only conversation was purged, then its session token no longer works", async () => {
    const db = freshDatabase();
    dirs.push(db.dir);
    server = await startTestServer({
      database: db,
      clock: () => new Date(NOW.getTime() - 100 * DAY),
      timers: false,
    });
    const chat = await webchatSession(server.url);
    expect((await chat.say("xin chào")).status).toBe(200);
    await server.prisma.conversation.updateMany({
      data: { status: "closed", closedAt: new Date(NOW.getTime() - 95 * DAY) },
    });
    await server.stop();
    server = await startTestServer({ database: db, clock: () => NOW, timers: false });
    const history = await fetch(`${server.url}/webchat/api/sessions/${chat.sessionId}/messages`, {
      headers: { authorization: `Bearer ${chat.token}` },
    });
    expect(history.status).toBe(401);
  });

  it("when npm run retention:purge runs by hand, then it purges expired conversations and prints how many", async () => {
    const db = freshDatabase();
    dirs.push(db.dir);
    server = await startTestServer({ database: db, clock: () => new Date(0), timers: false });
    const now = Date.now();
    const expired = await seedContact(server.prisma, "a", [
      new Date(now - 120 * DAY),
      new Date(now - 100 * DAY),
    ]);
    const kept = await seedContact(server.prisma, "b", [new Date(now - 30 * DAY)]);
    await server.stop();
    server = undefined;

    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/retentionPurge.ts"], {
      env: { ...process.env, DATABASE_URL: db.url, NODE_ENV: "test", LOG_LEVEL: "silent" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += String(c);
    });
    child.stderr.on("data", (c) => {
      stderr += String(c);
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /purged 2 closed conversation\(s\) older than 90 days \(4 message\(s\), 2 note\(s\)\) and 1 contact/,
    );

    server = await startTestServer({ database: db, clock: () => new Date(now), timers: false });
    expect(await server.prisma.contact.count({ where: { id: expired.contactId } })).toBe(0);
    expect(await server.prisma.contact.count({ where: { id: kept.contactId } })).toBe(1);
  });

  it("when the database file does not exist, then the CLI says how to fix it and exits non-zero", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/retentionPurge.ts"], {
      env: { ...process.env, DATABASE_URL: "file:/nonexistent/dir/hotline.db", NODE_ENV: "test" },
    });
    let stderr = "";
    child.stderr.on("data", (c) => {
      stderr += String(c);
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("npm run db:migrate");
  });
});
