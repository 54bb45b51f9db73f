// One build at a time per checkout: two `npm start` launched at the same instant from one
// checkout used to rebuild dist/ together, and one of them deleted the tree the other was
// loading (ERR_MODULE_NOT_FOUND). A build that finds its stamp stale now takes an exclusive lock
// on <root>/.build.lock.db, checks again and builds; the second start waits, then finds the
// stamp fresh and builds nothing. An up-to-date checkout takes no lock and writes nothing. The lock is SQLite's (better-sqlite3, already a dependency): a lock of the
// operating system on the file, so a build killed halfway leaves no stale lock behind — the
// kernel releases it with the process.
import path from "node:path";

/** How long a start waits for another build of the same checkout before it gives up. */
const WAIT_MS = 5 * 60_000;

/** Runs `work` while this process holds the build lock of `root`. Not re-entrant. */
export async function withBuildLock(root, work) {
  const { default: Database } = await import("better-sqlite3");
  const file = path.join(root, ".build.lock.db");
  const db = new Database(file, { timeout: WAIT_MS });
  try {
    try {
      db.exec("BEGIN EXCLUSIVE");
    } catch (err) {
      if (err?.code !== "SQLITE_BUSY") throw err;
      throw new Error(
        `another build of ${root} has held ${file} for ${WAIT_MS / 60_000} minutes; is a build stuck?`,
      );
    }
    return await work();
  } finally {
    // Closing the connection ends the transaction and releases the lock.
    db.close();
  }
}
