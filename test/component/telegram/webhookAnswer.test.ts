import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { telegramWebhookRouter } from "../../../src/channels/telegram/webhookRoute.js";
import { createLogger } from "../../../src/logger.js";

const SECRET = "answer_test_secret_0123456789";

/** A turn the test finishes by hand: stored when told, done when told. */
function controlledTurn() {
  let store!: () => void;
  let finish!: (error?: Error) => void;
  const stored = new Promise<void>((resolve) => {
    store = resolve;
  });
  const done = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  return { store, finish, stored, done };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function start(
  handle: (update: { update_id: number }, onStored: () => void) => Promise<void>,
  maxRunningAfterAnswer?: number,
  backlogFull?: () => boolean,
) {
  const app = express();
  const logger = createLogger("silent", new Writable({ write: (_c, _e, done) => done() }));
  app.use(
    telegramWebhookRouter({
      secret: SECRET,
      handle,
      logger,
      ...(maxRunningAfterAnswer !== undefined ? { maxRunningAfterAnswer } : {}),
      ...(backlogFull ? { backlogFull } : {}),
    }),
  );
  server = createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return (updateId: number) =>
    fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify({ update_id: updateId }),
    });
}

describe("Telegram webhook answer", () => {
  it("when the message is stored, then Telegram gets its 200 before the bot's turn ends", async () => {
    const turn = controlledTurn();
    const post = await start(async (_update, onStored) => {
      await turn.stored;
      onStored();
      await turn.done;
    });
    const answer = post(1);
    turn.store();
    const res = await answer;
    expect(res.status).toBe(200);
    turn.finish();
  });

  it("when storing fails, then the answer is 500 so that Telegram sends the update again", async () => {
    const post = await start(async () => {
      throw new Error("database down");
    });
    expect((await post(2)).status).toBe(500);
  });

  it("when the turn fails after the message was stored, then the answer stays 200 (recovery runs it)", async () => {
    const turn = controlledTurn();
    const post = await start(async (_update, onStored) => {
      onStored();
      await turn.done;
    });
    const res = await post(3);
    turn.finish(new Error("engine failed"));
    expect(res.status).toBe(200);
  });

  it("when too many turns still run after their answer, then the next answer waits for its turn to end", async () => {
    const first = controlledTurn();
    const second = controlledTurn();
    const turns = [first, second];
    const post = await start(async (update, onStored) => {
      const turn = turns[update.update_id - 10]!;
      onStored();
      await turn.done;
    }, 1);
    expect((await post(10)).status).toBe(200);
    let secondAnswered = false;
    const answer = post(11).then((res) => {
      secondAnswered = true;
      return res;
    });
    // The second is stored but one turn already runs after its answer: no answer until it ends.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondAnswered).toBe(false);
    second.finish();
    expect((await answer).status).toBe(200);
    first.finish();
  });

  it("when the backlog of stored turns is full, then the answer waits for its own turn to end", async () => {
    const turns = [controlledTurn(), controlledTurn()];
    let full = true;
    const post = await start(
      async (update, onStored) => {
        onStored();
        await turns[update.update_id - 20]!.done;
      },
      undefined,
      () => full,
    );
    let answered = false;
    const answer = post(20).then((res) => {
      answered = true;
      return res;
    });
    // Stored, but the backlog is full: no answer until the turn ends.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(false);
    turns[0]!.finish();
    expect((await answer).status).toBe(200);

    // With room again, the answer goes as soon as the message is stored.
    full = false;
    expect((await post(21)).status).toBe(200);
    turns[1]!.finish();
  });
});
