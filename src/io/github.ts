import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import { EnvironmentError, UsageError } from "../model/errors.js";

// The plugins add options, not methods: the client is typed as a plain Octokit.
const Client: typeof Octokit = Octokit.plugin(retry, throttling) as unknown as typeof Octokit;
export type GithubClient = Octokit;

/**
 * The moment a run must be over. Every request, retry and rate-limit wait is bounded by it; what
 * made the run give up is kept so the error can say so.
 */
export class Deadline {
  /** Why the run stopped waiting (a rate limit past the deadline), when it did. */
  reason: string | undefined;
  private readonly abort = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(readonly at: number) {
    this.timer = setTimeout(
      () => this.abort.abort(new DeadlineError("the run's deadline passed")),
      Math.max(0, at - Date.now()),
    );
    this.timer.unref?.();
  }

  remaining(): number {
    return this.at - Date.now();
  }

  /** Aborts when the deadline passes. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Rejects with a DeadlineError when the deadline passes first. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.remaining() <= 0) return Promise.reject(new DeadlineError("the run's deadline passed"));
    return new Promise<T>((resolve, reject) => {
      const stop = () => reject(this.abort.signal.reason);
      this.abort.signal.addEventListener("abort", stop, { once: true });
      work.then(resolve, reject).finally(() => this.abort.signal.removeEventListener("abort", stop));
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

export class DeadlineError extends EnvironmentError {
  override name = "DeadlineError";
}

export interface GithubConfig {
  token: string;
  baseUrl: string;
  /** Per-request timeout (always also bounded by the deadline). */
  timeoutMs?: number;
  /** Base delay between retries (5xx answers; and per second of a rate limit's retry-after). */
  retryBaseMs?: number;
  /** Least time between two writes: GitHub asks for about a second, to stay clear of secondary rate limits. */
  writeIntervalMs?: number;
  /** The run's deadline: no request starts after it, none lasts past it, no rate-limit wait reaches past it. */
  deadline?: Deadline;
  /** 0: no retries and no rate-limit waits (the last, best-effort write of a failing run). */
  retries?: number;
}

/**
 * The REST client the bot uses: 5xx answers are retried with backoff, primary and secondary rate
 * limits wait once for GitHub's retry-after when that ends before the deadline (else the request
 * fails at once), and every request has a timeout that ends no later than the deadline.
 */
/**
 * A token with whitespace or a control character in it (a newline pasted with it) is a usage error that
 * names where it came from, never its value: sent as it is, it would come back quoted in an HTTP error.
 */
export function checkToken(name: string, value: string): void {
  const unsafe =
    /\s/.test(value) ||
    [...value].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));
  if (unsafe)
    throw new UsageError(
      `${name} contains whitespace or a control character (a newline copied with it?): set it to the token alone`,
    );
}

export function githubClient(config: GithubConfig): GithubClient {
  checkToken("the GitHub token", config.token);
  const timeout = config.timeoutMs ?? 30_000;
  const base = config.retryBaseMs ?? 1000;
  const { deadline } = config;
  const retries = config.retries ?? 3;
  // Past the deadline a request fails as an abort, which octokit neither wraps nor retries.
  const pastDeadline = () =>
    Object.assign(new DeadlineError("the run's deadline passed before GitHub answered"), { name: "AbortError" });
  const timedFetch = async (url: string, init: RequestInit) => {
    const left = deadline ? deadline.remaining() : timeout;
    if (left <= 0) throw pastDeadline();
    const signals = [AbortSignal.timeout(Math.min(timeout, left))];
    if (deadline) signals.push(deadline.signal);
    try {
      return await fetch(url, { ...init, signal: AbortSignal.any(signals) });
    } catch (err) {
      if (deadline && deadline.remaining() <= 0) throw pastDeadline();
      throw err;
    }
  };
  // Wait for a rate limit only once, and only when the wait ends before the deadline.
  const mayWait = (kind: string) => (after: number, _options: unknown, _octokit: unknown, retryCount: number) => {
    if (retries === 0 || retryCount >= 1) return false;
    const waitMs = after * base;
    if (deadline && waitMs >= deadline.remaining()) {
      deadline.reason = `GitHub's ${kind} asks to wait ${after} s, past the run's deadline (${Math.max(0, Math.round(deadline.remaining() / 1000))} s left): gave up at once`;
      return false;
    }
    return true;
  };
  return new Client({
    auth: config.token,
    baseUrl: config.baseUrl.replace(/\/+$/, ""),
    userAgent: "gitsm-gate",
    request: { fetch: timedFetch },
    retry: { retries, retryAfterBaseValue: base },
    throttle: {
      retryAfterBaseValue: base,
      // GitHub's pacing advice: writes a second apart, writes that notify people (comments, reviews) three.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: config.writeIntervalMs ?? 1000 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3 * (config.writeIntervalMs ?? 1000) }),
      onRateLimit: mayWait("rate limit"),
      onSecondaryRateLimit: mayWait("secondary rate limit"),
    },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

/** Removes a secret from any text that may reach output or an error message. */
export function scrub(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join("***");
}

const isTimeout = (e: { name?: string; message?: string; cause?: unknown }): boolean => {
  const cause = e.cause as { name?: string } | undefined;
  return (
    [e.name, cause?.name].some((n) => n === "TimeoutError" || n === "AbortError") ||
    /aborted due to timeout|timed? ?out|operation was aborted/i.test(e.message ?? "")
  );
};

/** An API failure as one line, without the token; a deadline that ended it says so. */
export function githubError(err: unknown, token: string | undefined, deadline?: Deadline): EnvironmentError {
  const e = err as { status?: number; message?: string; name?: string; cause?: unknown };
  const past =
    err instanceof DeadlineError ||
    e.cause instanceof DeadlineError ||
    (deadline !== undefined && deadline.remaining() <= 0);
  const what = deadline?.reason
    ? deadline.reason
    : past
      ? "no answer before the run's deadline"
      : isTimeout(e)
        ? "request timed out"
        : e.status
          ? `HTTP ${e.status}: ${e.message}`
          : (e.message ?? String(err));
  const line = scrub(`GitHub API ${what}`.split("\n")[0] as string, token);
  return past || deadline?.reason ? new DeadlineError(line) : new EnvironmentError(line);
}
