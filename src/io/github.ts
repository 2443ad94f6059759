import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { EnvironmentError } from "./errors.js";

// The plugins add options, not methods: the client is typed as a plain Octokit.
const Client: typeof Octokit = Octokit.plugin(retry, throttling) as unknown as typeof Octokit;
export type GithubClient = Octokit;

export interface GithubConfig {
  token: string;
  baseUrl: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Base delay between retries of 5xx answers (octokit's retry plugin). */
  retryBaseMs?: number;
}

/**
 * The REST client the bot uses: 5xx answers are retried with backoff, primary and secondary rate
 * limits wait once for GitHub's retry-after, and every request has a timeout.
 */
export function githubClient(config: GithubConfig): GithubClient {
  const timeout = config.timeoutMs ?? 30_000;
  return new Client({
    auth: config.token,
    baseUrl: config.baseUrl.replace(/\/+$/, ""),
    userAgent: "gitsm-gate",
    request: { fetch: (url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeout) }) },
    retry: { retries: 3, retryAfterBaseValue: config.retryBaseMs ?? 1000 },
    throttle: {
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
  const what = e.name === "TimeoutError" || e.name === "AbortError" ? "timed out" : e.status ? `HTTP ${e.status}: ${e.message}` : (e.message ?? String(err));
  return new EnvironmentError(scrub(`GitHub API ${what}`.split("\n")[0] as string, token));
}
