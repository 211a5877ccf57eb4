/**
 * A fake Slack on loopback, for tests and benches (no network). Serves the Web API methods the
 * bot uses under `${url}` (pass it as SLACK_API_URL / apiUrl), the file upload URL (parses the
 * multipart POST and keeps the bytes), `response_url`s, and a Socket Mode WebSocket
 * (`apps.connections.open` returns its ws:// URL). Records every call; knobs inject Slack errors
 * and HTTP 429s. Messages are checked against Block Kit limits like Slack does
 * (`invalid_blocks`), so a test that passes here would not be refused for size there.
 *
 *   const slack = await startFakeSlack();
 *   ... startSlackApp({ apiUrl: slack.url, botToken: slack.botToken, ... })
 *   await slack.waitFor(() => slack.callsTo("chat.postMessage").length === 1);
 */

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { FakeChannels } from "./fake-slack-messages.ts";
import { checkBlocks, checkMessage, parseMultipart, parseParams } from "./fake-slack-parse.ts";

export { checkBlocks, parseMultipart } from "./fake-slack-parse.ts";

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** The bearer token the call was made with. */
  token: string | undefined;
  at: number;
  /** The caller's port: which connection (a proxy's tunnel, say) the call came over. */
  remotePort: number | undefined;
}

export interface RecordedUpload {
  fileId: string;
  filename: string;
  title: string | undefined;
  bytes: Buffer;
  /** Set once files.completeUploadExternal shared it. */
  channelId?: string;
  threadTs?: string;
  initialComment?: string;
}

export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
  remotePort: number | undefined;
}

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  /** users.info tz per user ID (others: "UTC"). */
  userTz?: Record<string, string>;
  /** Send `hello` when a Socket Mode client connects (default true). */
  autoHello?: boolean;
}

export interface FakeSlack {
  /** Web API base URL, ending in `/`. */
  url: string;
  /** http://127.0.0.1:port (no path). */
  origin: string;
  botToken: string;
  appToken: string;
  botUserId: string;
  calls: RecordedCall[];
  uploads: RecordedUpload[];
  responses: RecordedResponse[];
  /** Messages received from Socket Mode clients (acks), parsed. */
  socketMessages: Array<Record<string, unknown>>;
  /** Messages posted with chat.postMessage: history, updates, deletions, membership. */
  channels: FakeChannels;
  callsTo(method: string): RecordedCall[];
  /** A response_url for a fake command or click; what is POSTed there lands in `responses`. */
  responseUrl(id?: string): string;
  responsesTo(id: string): RecordedResponse[];
  /**
   * The next `times` POSTs to response_url `id` answer HTTP `status` (Slack answers 404 for an
   * expired or used-up response_url) and are not recorded in `responses`.
   */
  failResponseUrl(id: string, status: number, times?: number): void;
  /**
   * Next `times` calls of `method` (optionally only for `channel`) fail with Slack error `error`;
   * with `after`, that many matching calls succeed first (the 2nd of 3 split messages: after 1).
   */
  setError(
    method: string,
    error: string,
    opts?: { channel?: string; times?: number; after?: number },
  ): void;
  /** Every call posting into `channel` fails with `error` (default not_in_channel) until cleared. */
  setChannelError(channel: string, error?: string): void;
  clearErrors(): void;
  /** The next `times` POSTs of file bytes to an upload URL answer HTTP `status`. */
  failUploadUrl(status: number, times?: number): void;
  /** Next `times` calls of `method` get HTTP 429 with Retry-After `retryAfterSec`. */
  rateLimit(method: string, retryAfterSec: number, times?: number): void;
  setUserTz(userId: string, tz: string): void;
  /** Sends a JSON message to every connected Socket Mode client. */
  socketSend(message: Record<string, unknown>): void;
  socketClients(): number;
  /** Polls until `check` is true (or throws after `timeoutMs`, naming `what`). */
  waitFor(check: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

type Params = Record<string, unknown>;
type Answer = { status?: number; headers?: Record<string, string>; body: Params };

const CHANNEL_METHODS = new Set([
  "chat.postMessage",
  "chat.postEphemeral",
  "chat.update",
  "files.completeUploadExternal",
]);

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = opts.botToken ?? "xoxb-fake-bot-token";
  const appToken = opts.appToken ?? "xapp-fake-app-token";
  const botUserId = "UBOT0001";
  const userTz = new Map(Object.entries(opts.userTz ?? {}));
  const calls: RecordedCall[] = [];
  const uploads: RecordedUpload[] = [];
  const responses: RecordedResponse[] = [];
  const socketMessages: Array<Record<string, unknown>> = [];
  const errors: Array<{
    method: string;
    error: string;
    channel?: string;
    times: number;
    after: number;
  }> = [];
  const channelErrors = new Map<string, string>();
  const limits: Array<{ method: string; retryAfterSec: number; times: number }> = [];
  const pendingUploads = new Map<string, RecordedUpload>();
  const uploadUrlFailures = { status: 500, times: 0 };
  const responseFailures = new Map<string, { status: number; times: number }>();
  const channels = new FakeChannels();
  let tsCounter = 0;
  let fileCounter = 0;
  let origin = "";

  const nextTs = () => {
    tsCounter += 1;
    return `1700000000.${String(tsCounter).padStart(6, "0")}`;
  };

  function takeError(method: string, channel: string | undefined): string | undefined {
    if (channel && CHANNEL_METHODS.has(method)) {
      const e = channelErrors.get(channel);
      if (e) return e;
    }
    const i = errors.findIndex((e) => e.method === method && (!e.channel || e.channel === channel));
    const hit = errors[i];
    if (!hit) return undefined;
    if (hit.after > 0) {
      hit.after -= 1;
      return undefined;
    }
    hit.times -= 1;
    if (hit.times <= 0) errors.splice(i, 1);
    return hit.error;
  }

  function api(method: string, p: Params, token: string | undefined): Answer {
    const expected = method === "apps.connections.open" ? appToken : botToken;
    if (!token) return { body: { ok: false, error: "not_authed" } };
    if (token !== expected) return { body: { ok: false, error: "invalid_auth" } };
    const lim = limits.find((l) => l.method === method);
    if (lim) {
      lim.times -= 1;
      if (lim.times <= 0) limits.splice(limits.indexOf(lim), 1);
      return {
        status: 429,
        headers: { "retry-after": String(lim.retryAfterSec) },
        body: { ok: false, error: "ratelimited" },
      };
    }
    const channel = str(p.channel) ?? str(p.channel_id);
    const err = takeError(method, channel);
    if (err) return { body: { ok: false, error: err } };
    switch (method) {
      case "auth.test":
        return {
          body: {
            ok: true,
            user_id: botUserId,
            bot_id: "BBOT0001",
            team_id: "T0001",
            user: "omsbot",
            url: `${origin}/`,
          },
        };
      case "chat.postMessage": {
        const problem = checkMessage(p, 50);
        if (problem) return { body: { ok: false, error: "invalid_blocks", detail: problem } };
        // A user ID as channel posts in the app's DM with that user.
        const ch = channel && /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
        const ts = nextTs();
        if (ch) channels.post(p, ch, ts);
        return { body: { ok: true, channel: ch, ts, message: { text: p.text } } };
      }
      case "chat.postEphemeral": {
        const problem = checkMessage(p, 50);
        if (problem) return { body: { ok: false, error: "invalid_blocks", detail: problem } };
        return { body: { ok: true, message_ts: nextTs() } };
      }
      case "chat.update":
        return { body: channels.update(p, channel) };
      case "conversations.history":
        return { body: channels.history(p, channel) };
      case "conversations.info":
        return { body: channels.info(channel) };
      case "files.getUploadURLExternal": {
        fileCounter += 1;
        const fileId = `F${String(fileCounter).padStart(8, "0")}`;
        pendingUploads.set(fileId, {
          fileId,
          filename: str(p.filename) ?? "",
          title: undefined,
          bytes: Buffer.alloc(0),
        });
        return { body: { ok: true, upload_url: `${origin}/upload/${fileId}`, file_id: fileId } };
      }
      case "files.completeUploadExternal":
        return completeUpload(p, channel);
      case "users.info": {
        const user = str(p.user) ?? "";
        return {
          body: { ok: true, user: { id: user, tz: userTz.get(user) ?? "UTC", tz_offset: 0 } },
        };
      }
      case "views.publish": {
        const view = p.view as { blocks?: unknown[] } | undefined;
        const problem = checkBlocks(view?.blocks ?? [], 100);
        if (problem) return { body: { ok: false, error: "invalid_blocks", detail: problem } };
        return { body: { ok: true, view: { id: "V0001", ...view } } };
      }
      case "apps.connections.open":
        return { body: { ok: true, url: `${origin.replace("http", "ws")}/link/?ticket=fake` } };
      default:
        return { body: { ok: false, error: "unknown_method" } };
    }
  }

  function completeUpload(p: Params, channel: string | undefined): Answer {
    const files = (p.files as Array<{ id: string; title?: string }> | undefined) ?? [];
    const done: Params[] = [];
    for (const f of files) {
      const up = pendingUploads.get(f.id);
      if (!up || up.bytes.length === 0) return { body: { ok: false, error: "file_not_found" } };
      pendingUploads.delete(f.id);
      up.title = f.title;
      if (channel) up.channelId = channel;
      const thread = str(p.thread_ts);
      if (thread) up.threadTs = thread;
      const comment = str(p.initial_comment);
      if (comment) up.initialComment = comment;
      uploads.push(up);
      done.push({ id: up.fileId, title: up.title, name: up.filename, size: up.bytes.length });
    }
    return { body: { ok: true, files: done } };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(e));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const raw = await readBody(req);
    if (path.startsWith("/api/")) {
      const method = path.slice("/api/".length);
      const params = parseParams(raw, req.headers["content-type"]);
      const auth = req.headers.authorization;
      const token = auth?.startsWith("Bearer ") ? auth.slice(7) : str(params.token);
      calls.push({ method, params, token, at: Date.now(), remotePort: req.socket.remotePort });
      const answer = api(method, params, token);
      res.writeHead(answer.status ?? 200, {
        "content-type": "application/json",
        ...answer.headers,
      });
      res.end(JSON.stringify(answer.body));
      return;
    }
    if (path.startsWith("/upload/")) {
      if (uploadUrlFailures.times > 0) {
        uploadUrlFailures.times -= 1;
        res.writeHead(uploadUrlFailures.status).end("upload refused");
        return;
      }
      const up = pendingUploads.get(path.slice("/upload/".length));
      const part = parseMultipart(raw, req.headers["content-type"]);
      if (!up || !part) {
        res.writeHead(400).end("bad upload");
        return;
      }
      up.bytes = part;
      res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${part.length}`);
      return;
    }
    if (path.startsWith("/respond/")) {
      const failure = responseFailures.get(path.slice("/respond/".length));
      if (failure && failure.times > 0) {
        failure.times -= 1;
        res.writeHead(failure.status, { "content-type": "text/plain" }).end("expired_url");
        return;
      }
      const body = JSON.parse(raw.toString("utf8") || "{}") as Params;
      responses.push({
        id: path.slice("/respond/".length),
        body,
        at: Date.now(),
        remotePort: req.socket.remotePort,
      });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    res.writeHead(404).end("not found");
  }

  // Socket Mode: the ws:// URL handed out by apps.connections.open.
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/link")) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on("close", () => sockets.delete(ws));
      ws.on("message", (data) => {
        try {
          socketMessages.push(JSON.parse(data.toString()) as Record<string, unknown>);
        } catch {
          socketMessages.push({ unparsed: data.toString() });
        }
      });
      if (opts.autoHello !== false) {
        ws.send(
          JSON.stringify({
            type: "hello",
            num_connections: 1,
            connection_info: { app_id: "A0001" },
          }),
        );
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/api/`,
    origin,
    botToken,
    appToken,
    botUserId,
    calls,
    uploads,
    responses,
    socketMessages,
    channels,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id = randomUUID()) => `${origin}/respond/${id}`,
    responsesTo: (id) => responses.filter((r) => r.id === id),
    failResponseUrl: (id, status, times = 1) => responseFailures.set(id, { status, times }),
    setError: (method, error, o = {}) =>
      errors.push({
        method,
        error,
        ...(o.channel ? { channel: o.channel } : {}),
        times: o.times ?? 1,
        after: o.after ?? 0,
      }),
    setChannelError: (channel, error = "not_in_channel") => channelErrors.set(channel, error),
    clearErrors: () => {
      errors.length = 0;
      channelErrors.clear();
      limits.length = 0;
      uploadUrlFailures.times = 0;
      responseFailures.clear();
    },
    failUploadUrl: (status, times = 1) => {
      uploadUrlFailures.status = status;
      uploadUrlFailures.times = times;
    },
    rateLimit: (method, retryAfterSec, times = 1) => limits.push({ method, retryAfterSec, times }),
    setUserTz: (userId, tz) => userTz.set(userId, tz),
    socketSend: (message) => {
      for (const ws of sockets) ws.send(JSON.stringify(message));
    },
    socketClients: () => sockets.size,
    waitFor: async (check, timeoutMs = 10_000, what = "condition") => {
      const until = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > until) throw new Error(`fake Slack: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
