/** manifest.yml parses, asks for exactly the scopes the adapter's calls and features need. */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SLASH_COMMAND } from "../../src/chat/slack/on-command.ts";
import { BOT_EVENTS, METHOD_SCOPES, requiredBotScopes } from "../../src/chat/slack/scopes.ts";

interface Manifest {
  display_information: { name: string; description?: string; long_description?: string };
  features: {
    app_home: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string };
    slash_commands: Array<{
      command: string;
      description: string;
      usage_hint?: string;
      should_escape: boolean;
    }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  await readFile(new URL("../../manifest.yml", import.meta.url), "utf8"),
) as Manifest;

describe("manifest.yml", () => {
  it("describes the bot, its Home and the /oms command", () => {
    expect(manifest.display_information.name).toBe("omsbot");
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    // The Messages tab takes typing: plain DMs are answered (message.im, on-dm.ts).
    expect(manifest.features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    const [cmd, ...others] = manifest.features.slash_commands;
    expect(others).toEqual([]);
    expect(cmd?.command).toBe(SLASH_COMMAND);
    expect(cmd?.should_escape).toBe(true);
    expect(cmd?.description.length).toBeLessThanOrEqual(100);
    expect(cmd?.usage_hint?.length ?? 0).toBeGreaterThan(0);
    expect(cmd?.usage_hint?.length ?? 0).toBeLessThanOrEqual(100);
  });

  it("subscribes to the events the adapter handles, with interactivity and Socket Mode on", () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS]);
    expect(BOT_EVENTS).toEqual(["app_home_opened", "app_mention", "message.im"]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it("asks for exactly the bot scopes the adapter's Web API calls and features need", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(requiredBotScopes());
    expect(requiredBotScopes()).toEqual([
      "app_mentions:read",
      "channels:history",
      "channels:read",
      "chat:write",
      "commands",
      "files:write",
      "groups:history",
      "groups:read",
      "im:history",
      "im:read",
      "mpim:history",
      "mpim:read",
      "users:read",
    ]);
    expect(Object.keys(METHOD_SCOPES)).toEqual(
      expect.arrayContaining(["chat.update", "conversations.info", "conversations.history"]),
    );
    expect(Object.keys(METHOD_SCOPES)).toContain("files.completeUploadExternal");
  });

  it("describes itself in every field Slack shows, promising only what is switched on", () => {
    const cmd = manifest.features.slash_commands[0];
    const texts = [
      manifest.display_information.description,
      manifest.display_information.long_description,
      cmd?.description,
      cmd?.usage_hint,
    ];
    expect(texts.every((t) => typeof t === "string" && t.length > 0)).toBe(true);
    // ADS tasks are not switched on yet: the texts must not promise them.
    for (const t of texts) expect(t).not.toMatch(/senseCore|\bads\b/i);
  });
});
