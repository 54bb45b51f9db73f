import { Router } from "express";
import { z } from "zod";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../handoff/password.js";
import { hasRole, ROLES, type Role } from "../handoff/roles.js";
import { HttpError, parseWith } from "../http/httpError.js";
import type { ConsoleSessionRepository } from "../store/consoleSessionRepository.js";
import type { ConversationRepository } from "../store/conversationRepository.js";
import type { CounselorRepository } from "../store/counselorRepository.js";
import { signedCounselor } from "./consoleRoutes.js";
import { publicCounselor } from "./consoleSessions.js";

const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const newCounselorBody = z
  .object({
    email: z.string().trim().toLowerCase().email().max(200),
    name: z.string().trim().min(1).max(100),
    alias: z.string().trim().min(1).max(40).optional(),
    role: z.enum(ROLES),
    password: z.string().min(MIN_PASSWORD_LENGTH).max(500),
    maxChats: z.number().int().min(1).max(20).optional(),
  })
  .strict();
const counselorPatch = z
  .object({
    alias: z.string().trim().min(1).max(40).optional(),
    role: z.enum(ROLES).optional(),
    maxChats: z.number().int().min(1).max(20).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

/**
 * The team, under the console API's session and CSRF checks: `GET /counselors` (colleagues for
 * transfers with the chats they hold; emails only for admins), `POST /counselors` and
 * `PATCH /counselors/:id` (admins: create, change, disable; disabling signs the account out).
 */
export function counselorRoutes(deps: {
  conversations: Pick<ConversationRepository, "heldCounts">;
  counselors: CounselorRepository;
  consoleSessions: Pick<ConsoleSessionRepository, "deleteAllOf">;
}): Router {
  const { conversations, counselors, consoleSessions } = deps;
  const api = Router();
  const requireRole = (res: Parameters<typeof signedCounselor>[0], role: Role) => {
    if (!hasRole(signedCounselor(res).role, role))
      throw new HttpError(403, "forbidden", `This needs the ${role} role.`);
  };

  api.get("/counselors", async (_req, res) => {
    const isAdmin = hasRole(signedCounselor(res).role, "admin");
    const [rows, active] = await Promise.all([
      counselors.list({ includeDisabled: isAdmin }),
      conversations.heldCounts(),
    ]);
    res.json({
      counselors: rows.map((c) => {
        const { email, ...rest } = publicCounselor(c);
        return { ...(isAdmin ? { email } : {}), ...rest, activeChats: active.get(c.id) ?? 0 };
      }),
    });
  });

  api.post("/counselors", async (req, res) => {
    requireRole(res, "admin");
    const body = parseWith(newCounselorBody, req.body);
    if (await counselors.findByEmail(body.email))
      throw new HttpError(409, "email_taken", "A counselor with this email exists already.");
    const created = await counselors.create({
      email: body.email,
      name: body.name,
      alias: body.alias ?? body.name.split(/\s+/).pop()!,
      role: body.role,
      maxChats: body.maxChats ?? 3,
      passwordHash: await hashPassword(body.password),
    });
    res.status(201).json({ counselor: publicCounselor(created) });
  });

  api.patch("/counselors/:id", async (req, res) => {
    requireRole(res, "admin");
    const { id } = parseWith(idParams, req.params, "counselor id");
    const patch = parseWith(counselorPatch, req.body);
    const exists = await counselors.find(id);
    if (!exists) throw new HttpError(404, "not_found", "No counselor has this id.");
    const updated = await counselors.update(id, patch);
    if (patch.disabled) await consoleSessions.deleteAllOf(id);
    res.json({ counselor: publicCounselor(updated) });
  });

  return api;
}
