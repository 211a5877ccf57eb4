import { OmsbotError } from "../errors.ts";

/**
 * Every render failure tells the Slack user the same thing; what went wrong is in `detail`, for
 * the operator's log only.
 */
export const RENDER_FAILED_MESSAGE = "The chart could not be drawn.";

export function renderFailed(detail: string, cause?: unknown): OmsbotError {
  return new OmsbotError("RENDER_FAILED", RENDER_FAILED_MESSAGE, { detail, cause });
}
