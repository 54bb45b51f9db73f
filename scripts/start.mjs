// npm start: brings the browser bundles and the compiled server (dist/) up to date — a hash of
// the sources when nothing changed, a rebuild of what did — then runs dist/main.js in this same
// process (no compiler, no second Node). Each build holds the checkout's build lock
// (scripts/buildLock.mjs): two starts at the same instant build once, the second waits.
import { buildServer } from "./build-server.mjs";
import { buildWeb } from "./build-web.mjs";

await buildWeb();
await buildServer();
await import("../dist/main.js");
