/**
 * Socket Mode's connection state, for readiness: socket-mode reconnects on its own after Slack
 * asks it to (`disconnect` messages come every few hours) or the socket drops, and the replica
 * should take no traffic meanwhile. Only its client's events tell.
 */
import type { SocketModeReceiver } from "@slack/bolt";

export function trackSocket(receiver: SocketModeReceiver, set: (up: boolean) => void): void {
  const client = receiver.client;
  client.on("connected", () => set(true));
  for (const down of ["close", "reconnecting", "disconnecting", "disconnected"]) {
    client.on(down, () => set(false));
  }
}
