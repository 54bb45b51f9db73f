import path from "node:path";
import { Router } from "express";
import { z } from "zod";
import type { ServiceDirectory } from "../engine/directory.js";
import { DataFileError } from "../flows/dataFileError.js";
import {
  CANNED_REPLIES_FILE,
  type CannedReplies,
  helpFor,
  loadCannedReplies,
} from "../flows/loadCannedReplies.js";
import { formatProblems } from "../flows/loadFlows.js";
import type { FlowProblem } from "../flows/yamlSource.js";
import { parseWith } from "../http/httpError.js";
import type { HelpDto } from "../shared/helpAtHand.js";

const langParams = z.object({ lang: z.enum(["vi", "en"]) });

/** Reads flows/canned-replies.yaml (checked by flows:check before the server starts). */
export function loadHelp(
  flowsDir: string,
  directory: ServiceDirectory | undefined,
): CannedReplies | undefined {
  const problems: FlowProblem[] = [];
  const data = loadCannedReplies(
    path.join(flowsDir, CANNED_REPLIES_FILE),
    directory ? { directory } : {},
    problems,
  );
  if (problems.length > 0)
    throw new DataFileError(
      path.join(flowsDir, CANNED_REPLIES_FILE),
      `canned replies have problems (run npm run flows:check):\n${formatProblems(problems)}`,
    );
  return data;
}

/**
 * `GET /console/api/help/:lang`: the canned replies and the services tagged with the signs they
 * suit, in one language (docs/api.md). The console ranks them for the chat it has open
 * (`rankByFit` in src/shared/helpAtHand.ts). Without the file: no replies, no services.
 */
export function helpRoutes(deps: {
  data: CannedReplies | undefined;
  directory: ServiceDirectory | undefined;
}): Router {
  const api = Router();
  const cache = new Map<string, HelpDto>();
  api.get("/help/:lang", (req, res) => {
    const { lang } = parseWith(langParams, req.params, "language");
    let body = cache.get(lang);
    if (!body) {
      body = deps.data ? helpFor(deps.data, deps.directory, lang) : { replies: [], services: [] };
      cache.set(lang, body);
    }
    res.json(body);
  });
  return api;
}
