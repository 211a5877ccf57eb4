/**
 * What the bot posts on its own (alerts, digests), printed at the `oms>` prompt: a root is a
 * block of text with its reference, a thread reply is indented under that reference, an update
 * is printed again as "updated", a file is written under out/. So a newcomer sees the whole alert
 * loop without Slack. Roots are remembered with their metadata so `findRoot` works as in Slack.
 */
import { resolve } from "node:path";
import type { OutboundChat, OutboundMessage, PostedRef } from "../../app/ports.ts";
import { writeUniqueFile } from "./out-files.ts";
import { replyToText, type TextStyle } from "./reply-text.ts";

export interface ShellOutboundOptions {
  print: (text: string) => void;
  style: TextStyle;
  outDir: string;
  now?: () => number;
}

interface Posted extends PostedRef {
  at: number;
  metadata: OutboundMessage["metadata"];
}

export function shellOutbound(o: ShellOutboundOptions): OutboundChat {
  const now = o.now ?? Date.now;
  const roots: Posted[] = [];
  let seq = 0;
  const nextTs = () => `${Math.floor(now() / 1000)}.${String(++seq).padStart(6, "0")}`;
  const body = (m: OutboundMessage) =>
    replyToText({ visibility: "channel", text: m.text, blocks: m.blocks, files: [] }, o.style);
  const indent = (text: string) =>
    text
      .split("\n")
      .map((l) => `    ${l}`)
      .join("\n");

  return {
    async postRoot(channelId, m) {
      const ref: Posted = { channelId, ts: nextTs(), at: now(), metadata: m.metadata };
      roots.push(ref);
      o.print(o.style.bold(`── ${channelId} · message ${ref.ts}`));
      o.print(body(m));
      o.print("");
      return { channelId, ts: ref.ts };
    },
    async replyInThread(root, m) {
      o.print(o.style.dim(`  ↳ ${root.channelId} · in the thread of ${root.ts}`));
      o.print(indent(body(m)));
      o.print("");
      return { channelId: root.channelId, ts: nextTs() };
    },
    async update(ref, m) {
      o.print(o.style.dim(`── ${ref.channelId} · message ${ref.ts} updated`));
      o.print(body(m));
      o.print("");
    },
    async upload(channelId, file, opts) {
      const path = await writeUniqueFile(o.outDir, file.filename, file.data);
      const where = opts.thread ? `the thread of ${opts.thread.ts}` : channelId;
      o.print(o.style.dim(`  ↳ ${file.title} for ${where}: wrote ${resolve(path)}`));
    },
    async canPost() {
      return { ok: true };
    },
    async findRoot(channelId, eventType, match, sinceMs) {
      const found = roots.find(
        (r) =>
          r.channelId === channelId &&
          r.at >= sinceMs &&
          r.metadata?.eventType === eventType &&
          r.metadata.payload[match.key] === match.value,
      );
      return found ? { channelId: found.channelId, ts: found.ts } : undefined;
    },
  };
}
