import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck";
import { EnvironmentError } from "./errors.js";

// The plugins add options, not methods: the client is typed as a plain Octokit.
const Client: typeof Octokit = Octokit.plugin(retry, throttling) as unknown as typeof Octokit;
export type GithubClient = Octokit;

export interface GithubConfig {
  token: string;
  baseUrl: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Base delay between retries (5xx answers; and per second of a rate limit's retry-after). */
  retryBaseMs?: number;
  /** Least time between two writes: GitHub asks for about a second, to stay clear of secondary rate limits. */
  writeIntervalMs?: number;
}

/**
 * The REST client the bot uses: 5xx answers are retried with backoff, primary and secondary rate
 * limits wait once for GitHub's retry-after, and every request has a timeout.
 */
export function githubClient(config: GithubConfig): GithubClient {
  const timeout = config.timeoutMs ?? 30_000;
  const base = config.retryBaseMs ?? 1000;
  return new Client({
    auth: config.token,
    baseUrl: config.baseUrl.replace(/\/+$/, ""),
    userAgent: "gitsm-gate",
    request: { fetch: (url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeout) }) },
    retry: { retries: 3, retryAfterBaseValue: base },
    throttle: {
      retryAfterBaseValue: base,
      // GitHub's pacing advice: writes a second apart, writes that notify people (comments, reviews) three.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: config.writeIntervalMs ?? 1000 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3 * (config.writeIntervalMs ?? 1000) }),
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1,
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1,
    },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

/** Removes a secret from any text that may reach output or an error message. */
export function scrub(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join("***");
}

/** An API failure as one line, without the token. */
export function githubError(err: unknown, token: string | undefined): EnvironmentError {
  const e = err as { status?: number; message?: string; name?: string };
  const cause = (err as { cause?: { name?: string } }).cause;
  const timedOut = [e.name, cause?.name].some((n) => n === "TimeoutError" || n === "AbortError") || /aborted due to timeout|timed? ?out/i.test(e.message ?? "");
  const what = timedOut ? "request timed out" : e.status ? `HTTP ${e.status}: ${e.message}` : (e.message ?? String(err));
  return new EnvironmentError(scrub(`GitHub API ${what}`.split("\n")[0] as string, token));
}
