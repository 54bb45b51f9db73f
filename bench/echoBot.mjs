// The yardstick of `npm run bench`: a bare grammY echo bot, as grammY's documentation shows it —
// Express + webhookCallback, one handler that sends the text back. No database, no logic.
// Env: BOT_TOKEN, API_ROOT (the loopback fake Bot API), PORT, SECRET.
import express from "express";
import { Bot, webhookCallback } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN, { client: { apiRoot: process.env.API_ROOT } });
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
await bot.init();

const app = express();
app.use(express.json());
app.post("/telegram/webhook", webhookCallback(bot, "express", { secretToken: process.env.SECRET }));
app.get("/healthz", (_req, res) => res.json({ status: "ok" }));
app.listen(Number(process.env.PORT), "127.0.0.1");
