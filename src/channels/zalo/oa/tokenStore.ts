import { createHash, randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { z } from "zod";
import type { FieldCipher } from "../../../privacy/fieldCipher.js";
import type { SettingRepository } from "../../../store/settingRepository.js";
import type { RefreshResult } from "./oauth.js";

/** Key of the `Setting` row holding the OA token pair (encrypted). */
export const OA_TOKENS_KEY = "zalo_oa.tokens";
/** How long one instance may hold the refresh lease. */
const LEASE_MS = 30_000;
/** How long to wait for another instance's refresh before giving up. */
const WAIT_FOR_OTHER_MS = 35_000;
const WAIT_STEP_MS = 250;

const storedSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** ISO time; null while unknown (tokens seeded from the environment). */
  expiresAt: z.string().nullable(),
  /** Fingerprint of the environment's refresh token these tokens descend from. */
  seed: z.string(),
});
export type OaTokens = z.infer<typeof storedSchema>;

export type TokenRefreshOutcome = { ok: true; tokens: OaTokens } | { ok: false; reason: string };

export interface OaTokenStoreDeps {
  settings: SettingRepository;
  cipher: FieldCipher;
  logger: Logger;
  clock: () => Date;
  /** Calls Zalo's OAuth endpoint with the current refresh token. */
  exchange: (refreshToken: string) => Promise<RefreshResult>;
}

/**
 * The OA access and refresh tokens, kept in the `Setting` table, encrypted. Zalo's refresh
 * token is single-use, so a refresh must never run twice: one refresh in flight per process,
 * and a lease in the row (`leaseOwner`/`leaseUntil`, taken with a conditional update) so that
 * a second instance waits for the first instead of burning the same refresh token.
 */
export class OaTokenStore {
  private readonly owner = randomUUID();
  private inflight: Promise<TokenRefreshOutcome> | undefined;

  constructor(private readonly deps: OaTokenStoreDeps) {}

  /**
   * Seeds the stored pair from the environment on first start. When the operator puts a new
   * refresh token in the environment (a fresh authorization), it replaces the stored pair;
   * otherwise the stored pair, refreshed since, wins.
   */
  async seed(env: { accessToken: string; refreshToken: string }): Promise<void> {
    const { settings, logger } = this.deps;
    const seed = fingerprint(env.refreshToken);
    const fresh: OaTokens = {
      accessToken: env.accessToken,
      refreshToken: env.refreshToken,
      expiresAt: null,
      seed,
    };
    const value = await settings.get(OA_TOKENS_KEY);
    if (value === undefined) {
      // False when another instance seeded at the same moment.
      if (await settings.createIfAbsent(OA_TOKENS_KEY, this.seal(fresh)))
        logger.info("Zalo OA tokens stored from the environment");
      return;
    }
    const stored = this.unseal(value);
    if (stored?.seed === seed) return;
    await settings.put(OA_TOKENS_KEY, this.seal(fresh));
    logger.info(
      stored
        ? "ZALO_OA_REFRESH_TOKEN changed: the stored Zalo OA tokens were replaced by the environment's"
        : "stored Zalo OA tokens could not be read (data key changed?): replaced by the environment's",
    );
  }

  /** The current pair, read from the database (another instance may have refreshed it). */
  async current(): Promise<OaTokens> {
    const value = await this.deps.settings.get(OA_TOKENS_KEY);
    const tokens = value === undefined ? undefined : this.unseal(value);
    if (!tokens)
      throw new Error(
        "Zalo OA tokens are missing from the database: restart to seed them from the environment",
      );
    return tokens;
  }

  /** True when the access token expires within `marginMs` (false while the expiry is unknown). */
  expiresSoon(tokens: OaTokens, marginMs: number): boolean {
    return tokens.expiresAt !== null && Date.parse(tokens.expiresAt) - this.deps.clock().getTime() < marginMs;
  }

  /**
   * Replaces `staleAccessToken` with a fresh pair. Concurrent calls share one refresh; if
   * another instance holds the lease, this waits for its result. If the stored token already
   * differs from `staleAccessToken`, someone refreshed meanwhile and that pair is returned.
   */
  refresh(staleAccessToken: string): Promise<TokenRefreshOutcome> {
    this.inflight ??= this.refreshOnce(staleAccessToken).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refreshOnce(staleAccessToken: string): Promise<TokenRefreshOutcome> {
    const { settings, logger, clock } = this.deps;
    // Real time, not the injected clock: this bounds a real wait.
    const waitUntil = Date.now() + WAIT_FOR_OTHER_MS;
    while (!(await this.takeLease())) {
      const tokens = await this.current();
      if (tokens.accessToken !== staleAccessToken) return { ok: true, tokens };
      if (Date.now() > waitUntil) {
        return {
          ok: false,
          reason: "another instance holds the Zalo OA token refresh lease and did not finish",
        };
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
    try {
      const tokens = await this.current();
      if (tokens.accessToken !== staleAccessToken) return { ok: true, tokens };
      const result = await this.deps.exchange(tokens.refreshToken);
      if (!result.ok) {
        logger.error(
          { channel: "zalo_oa", reason: result.reason },
          "Zalo OA token refresh failed. Messages wait and are retried. If it keeps failing, the refresh token " +
            "is used up or expired: authorize the Official Account again on developers.zalo.me, put the new tokens " +
            "in ZALO_OA_ACCESS_TOKEN and ZALO_OA_REFRESH_TOKEN, and restart.",
        );
        return { ok: false, reason: result.reason };
      }
      const next: OaTokens = {
        accessToken: result.tokens.accessToken,
        refreshToken: result.tokens.refreshToken,
        expiresAt: new Date(clock().getTime() + result.tokens.expiresInSeconds * 1000).toISOString(),
        seed: tokens.seed,
      };
      // Written at once and unconditionally: the old refresh token is spent, this pair is the only valid one.
      await settings.put(OA_TOKENS_KEY, this.seal(next));
      logger.info({ channel: "zalo_oa", expiresAt: next.expiresAt }, "Zalo OA tokens refreshed");
      return { ok: true, tokens: next };
    } finally {
      await settings
        .releaseLease(OA_TOKENS_KEY, this.owner)
        .catch((err: unknown) => logger.error({ err }, "could not release the Zalo OA token lease"));
    }
  }

  /** Takes the refresh lease if it is free or expired; true when this instance holds it now. */
  private takeLease(): Promise<boolean> {
    return this.deps.settings.takeLease(OA_TOKENS_KEY, this.owner, this.deps.clock(), LEASE_MS);
  }

  private seal(tokens: OaTokens): string {
    return this.deps.cipher.encrypt(JSON.stringify(tokens));
  }

  private unseal(value: string): OaTokens | undefined {
    try {
      return storedSchema.parse(JSON.parse(this.deps.cipher.decrypt(value)));
    } catch {
      return undefined;
    }
  }
}

/** A short, non-secret fingerprint of a token (to notice that the environment changed). */
function fingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}
