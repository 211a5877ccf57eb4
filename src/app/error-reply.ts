import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Reply } from "../core/reply.ts";
import { toOmsbotError, USER_ERROR_CODES } from "../errors.ts";

/**
 * What a person sees when their command failed, and what the operator's log gets. Errors that are
 * not the user's doing carry a short reference that also appears in the log line.
 */
export function errorReply(e: unknown, logger: Logger, context: Record<string, unknown>): Reply {
  const err = toOmsbotError(e);
  let text = err.userMessage;
  if (USER_ERROR_CODES.has(err.code)) {
    logger.debug({ ...context, code: err.code }, "user error");
  } else {
    const ref = randomBytes(4).toString("hex");
    const level = err.code === "INTERNAL" ? "error" : "warn";
    logger[level](
      {
        ...context,
        ref,
        code: err.code,
        detail: err.detail,
        apiCode: err.apiCode,
        status: err.status,
        err: err.cause ?? err,
      },
      "command failed",
    );
    text = `${text} (ref \`${ref}\`)`;
  }
  return {
    visibility: "ephemeral",
    text,
    blocks: [{ kind: "section", text: `:warning: ${text}` }],
    files: [],
    isError: true,
  };
}
