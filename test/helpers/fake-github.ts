import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { realdataPath } from "./realdata.js";

// Response shapes come from GitHub's own OpenAPI examples when the workspace has them.
const EXAMPLES = realdataPath("github-rest", "openapi-examples");
function example(name: string): Record<string, unknown> {
  if (EXAMPLES === undefined) return {};
  const path = join(EXAMPLES, `${name}.json`);
  if (!existsSync(path)) return {};
  const parsed = JSON.parse(readFileSync(path, "utf8"));
  return (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown>;
}
export const usesRealShapes = EXAMPLES !== undefined && existsSync(EXAMPLES);

export const BOT = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
const user = (login: string) =>
  login === BOT.login ? BOT : { login, id: login.length * 1000 + login.charCodeAt(0), type: "User" };

export interface Fault {
  method: string;
  path: RegExp;
  status?: number;
  times?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Answer this late (a timeout test). */
  delayMs?: number;
  /** Never answer at all (an API that hangs). */
  hang?: boolean;
  /** Let this many matching requests through first. */
  skip?: number;
}

export interface Review {
  id: number;
  user: { login: string; type: string };
  state: string;
  commit_id: string;
  body: string;
}

/** A small GitHub: the REST endpoints the gate uses, with state, on 127.0.0.1. */
export class FakeGithub {
  comments: { id: number; body: string; user: { login: string; type: string } }[] = [];
  labels = new Set<string>();
  reviews: Review[] = [];
  requested = { users: new Set<string>(), teams: new Set<string>() };
  statuses: { sha: string; state: string; context: string; description: string }[] = [];
  /** Pull requests by number: their authors and reviews, for the audit. */
  pulls = new Map<number, { author: string; reviews: Review[] }>();
  /** Open pull requests the gate may look up (a workflow_run event names only a commit). */
  open = new Map<number, { author: string; head: string; base: string; headLabel: string }>();
  /** Every write that GitHub accepted, in order: `POST /statuses success`, `POST /reviews APPROVE`, ... */
  writes: string[] = [];
  /** Team slugs that exist in the organisation; requests for others answer 422. */
  knownTeams = new Set<string>();
  requests: string[] = [];
  private faults: Fault[] = [];
  private nextId = 100;
  private server?: Server;

  constructor(readonly token: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  fail(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  addPull(number: number, author: string, approvers: string[]): void {
    this.pulls.set(number, {
      author,
      reviews: approvers.map((login) => ({
        id: this.nextId++,
        user: user(login),
        state: "APPROVED",
        commit_id: "0".repeat(40),
        body: "",
      })),
    });
  }

  addReview(login: string, state: string, commitId: string): void {
    this.reviews.push({ id: this.nextId++, user: user(login), state, commit_id: commitId, body: "" });
  }

  statusOf(sha: string): string | undefined {
    return this.statuses.filter((s) => s.sha === sha && s.context === "gitsm/gate").at(-1)?.state;
  }

  botApprovals(): Review[] {
    return this.reviews.filter((r) => r.user.type === "Bot" && r.state === "APPROVED");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    const path = (req.url ?? "").split("?")[0] as string;
    const method = req.method ?? "GET";
    this.requests.push(`${method} ${path}`);
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(data === undefined ? "" : JSON.stringify(data));
    };
    const auth = req.headers.authorization ?? "";
    if (auth !== `token ${this.token}` && auth !== `bearer ${this.token}`)
      return send(401, { message: "Bad credentials" });
    let fault = this.faults.find((f) => f.method === method && f.path.test(path) && (f.times ?? 0) > 0);
    if (fault?.skip) {
      fault.skip--;
      fault = undefined;
    }
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.hang) return;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.status) return send(fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers);
    }
    if (method !== "GET")
      this.writes.push(
        `${method} ${path.replace(/^\/repos\/[^/]+\/[^/]+/, "")}${body.state ? ` ${body.state}` : body.event ? ` ${body.event}` : ""}`,
      );
    const m = (re: RegExp) => re.exec(path);
    let g: RegExpExecArray | null;
    if (method === "GET" && m(/\/issues\/\d+\/comments$/))
      return send(
        200,
        this.comments.map((c) => ({ ...example("issues.list-comments.200.default"), ...c })),
      );
    if (method === "POST" && m(/\/issues\/\d+\/comments$/)) {
      const c = { id: this.nextId++, body: body.body, user: BOT };
      this.comments.push(c);
      return send(201, { ...example("issues.create-comment.201.default"), ...c });
    }
    if (method === "PATCH" && (g = m(/\/issues\/comments\/(\d+)$/))) {
      const c = this.comments.find((x) => x.id === Number(g?.[1]));
      if (!c) return send(404, { message: "Not Found" });
      c.body = body.body;
      return send(200, { ...example("issues.update-comment.200.default"), ...c });
    }
    const labelList = () =>
      [...this.labels]
        .sort()
        .map((name, i) => ({ ...example("issues.list-labels-on-issue.200.default"), id: i + 1, name }));
    if (method === "GET" && m(/\/issues\/\d+\/labels$/)) return send(200, labelList());
    if (method === "POST" && m(/\/issues\/\d+\/labels$/)) {
      for (const l of body.labels ?? []) this.labels.add(typeof l === "string" ? l : l.name);
      return send(200, labelList());
    }
    if (method === "DELETE" && (g = m(/\/issues\/\d+\/labels\/(.+)$/))) {
      this.labels.delete(decodeURIComponent(g[1] as string));
      return send(200, labelList());
    }
    if (method === "POST" && m(/\/pulls\/\d+\/requested_reviewers$/)) {
      const unknown = (body.team_reviewers ?? []).filter((t: string) => !this.knownTeams.has(t));
      if (unknown.length)
        return send(422, {
          message:
            "Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the repository.",
        });
      for (const u of body.reviewers ?? []) this.requested.users.add(u);
      for (const t of body.team_reviewers ?? []) this.requested.teams.add(t);
      return send(201, {
        ...example("pulls.request-reviewers.201.default"),
        requested_reviewers: [...this.requested.users].map(user),
        requested_teams: [...this.requested.teams].map((slug) => ({ slug, name: slug })),
      });
    }
    if (method === "GET" && (g = m(/\/pulls\/(\d+)\/reviews$/))) {
      const pr = this.pulls.get(Number(g[1]));
      return send(
        200,
        (pr ? pr.reviews : this.reviews).map((r) => ({ ...example("pulls.list-reviews.200.default"), ...r })),
      );
    }
    const openPull = (n: number, p: { author: string; head: string; base: string; headLabel: string }) => ({
      ...example("pulls.get.200.default"),
      number: n,
      state: "open",
      user: user(p.author),
      head: { ...((example("pulls.get.200.default").head as object) ?? {}), sha: p.head, label: p.headLabel },
      base: { ...((example("pulls.get.200.default").base as object) ?? {}), sha: p.base },
    });
    if (method === "GET" && m(/\/pulls$/)) {
      const head = new URL(req.url ?? "", "http://x").searchParams.get("head");
      return send(
        200,
        [...this.open].filter(([, p]) => !head || p.headLabel === head).map(([n, p]) => openPull(n, p)),
      );
    }
    if (method === "GET" && (g = m(/\/pulls\/(\d+)$/)) && this.open.has(Number(g[1])))
      return send(200, openPull(Number(g[1]), this.open.get(Number(g[1])) as never));
    if (method === "GET" && (g = m(/\/pulls\/(\d+)$/))) {
      const pr = this.pulls.get(Number(g[1]));
      if (!pr) return send(404, { message: "Not Found" });
      return send(200, {
        ...example("pulls.get.200.default"),
        number: Number(g[1]),
        user: user(pr.author),
        merged: true,
      });
    }
    if (method === "POST" && m(/\/pulls\/\d+\/reviews$/)) {
      const r: Review = {
        id: this.nextId++,
        user: BOT,
        state:
          body.event === "APPROVE" ? "APPROVED" : body.event === "REQUEST_CHANGES" ? "CHANGES_REQUESTED" : "COMMENTED",
        commit_id: body.commit_id,
        body: body.body ?? "",
      };
      this.reviews.push(r);
      return send(200, { ...example("pulls.create-review.200.default"), ...r });
    }
    if (method === "PUT" && (g = m(/\/pulls\/\d+\/reviews\/(\d+)\/dismissals$/))) {
      const r = this.reviews.find((x) => x.id === Number(g?.[1]));
      if (!r) return send(404, { message: "Not Found" });
      r.state = "DISMISSED";
      return send(200, { ...example("pulls.list-reviews.200.default"), ...r });
    }
    if (method === "POST" && (g = m(/\/statuses\/([0-9a-f]+)$/))) {
      const s = { sha: g[1] as string, state: body.state, context: body.context, description: body.description };
      this.statuses.push(s);
      return send(201, {
        ...example("repos.create-commit-status.201.default"),
        state: s.state,
        context: s.context,
        description: s.description,
      });
    }
    send(404, { message: `fake GitHub does not answer ${method} ${path}` });
  }
}
