/**
 * The `oms>` prompt: the same CommandRunner as Slack, text on stdout, files under ./out/.
 * With a terminal it is interactive; with piped stdin it answers each line in order and exits at
 * the end of input.
 */
import { basename, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { CommandRunner, RequestContext } from "../../app/context.ts";
import type { ReplyFile } from "../../core/reply.ts";
import { canonicalTimeZone } from "../../core/zoned-time.ts";
import { writeUniqueFile } from "./out-files.ts";
import { ANSI, PLAIN, replyToText } from "./reply-text.ts";

export interface ShellOptions {
  runner: CommandRunner;
  input: Readable;
  output: Writable;
  interactive: boolean;
  tz: string;
  outDir: string;
  now?: () => number;
}

const SHELL_HELP =
  "Shell only: `tz <IANA zone>` shows times in another zone, `home` shows the overview, `quit` leaves. Everything else is the /oms language: try `help`.";

export async function runShell(o: ShellOptions): Promise<void> {
  const style = o.interactive ? ANSI : PLAIN;
  const now = o.now ?? Date.now;
  let tz = o.tz;
  const print = (s: string) => o.output.write(`${s}\n`);
  const rl = createInterface({
    input: o.input,
    output: o.interactive ? o.output : undefined,
    terminal: o.interactive,
  });
  rl.setPrompt("oms> ");
  if (o.interactive) rl.prompt();

  // A file that cannot be written is said and the session goes on: piped commands after it still run.
  const writeFiles = async (files: readonly ReplyFile[]) => {
    for (const f of files) {
      try {
        const path = await writeUniqueFile(o.outDir, f.filename, f.data);
        print(`  wrote ${resolve(path)} (${f.mimeType}, ${f.data.byteLength} bytes)`);
      } catch (e) {
        const path = join(o.outDir, basename(f.filename));
        print(`  could not write ${resolve(path)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };

  const ctx = (): RequestContext => ({
    userId: "shell",
    tz,
    now: now(),
    isAdmin: true,
    source: "shell",
  });

  for await (const raw of rl) {
    const line = raw.trim();
    if (!o.interactive && line !== "") print(`oms> ${line}`);
    if (line === "" || line.startsWith("#")) {
      if (o.interactive) rl.prompt();
      continue;
    }
    const [first, ...rest] = line.split(/\s+/);
    const word = first?.toLowerCase();
    if (word === "quit" || word === "exit") {
      // `quit now` ending the session by surprise would lose the commands piped after it.
      if (rest.length === 0) break;
      print(`\`${word}\` takes no arguments; type \`${word}\` to leave.`);
    } else if (word === "tz") {
      const zone = rest.join(" ");
      if (zone === "") print(`Times are shown in ${tz}. Change with \`tz Europe/Berlin\`.`);
      else {
        const canonical = canonicalTimeZone(zone);
        if (canonical) {
          tz = canonical;
          print(`Times are now shown in ${tz}.`);
        } else
          print(`\`${zone}\` is not an IANA timezone. Try \`tz Asia/Shanghai\` or \`tz UTC\`.`);
      }
    } else if (word === "home") {
      const blocks = await o.runner.home(ctx());
      print(replyToText({ visibility: "ephemeral", text: "", blocks, files: [] }, style));
    } else {
      const reply = await o.runner.run(line, ctx());
      print(replyToText(reply, style));
      if (word === "help" && rest.length === 0) print(style.dim(SHELL_HELP));
      if (reply.files.length > 0) await writeFiles(reply.files);
    }
    print("");
    if (o.interactive) rl.prompt();
  }
  rl.close();
}
