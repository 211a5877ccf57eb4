/**
 * Slack limits this adapter keeps to. Block Kit numbers are from the block reference
 * (https://api.slack.com/reference/block-kit/blocks) and the element reference
 * (https://api.slack.com/reference/block-kit/block-elements#button), as encoded in @slack/types.
 */
export const LIMITS = {
  /** Blocks in one message (chat.postMessage / response_url). */
  messageBlocks: 50,
  /** Blocks in a Home tab view (views.publish). */
  homeBlocks: 100,
  /** `text` of a section block. */
  sectionText: 3000,
  /** Fields in one section block. */
  sectionFields: 10,
  /** Text of one section field. */
  fieldText: 2000,
  /** Text of a context block's mrkdwn element (kept equal to a section's). */
  contextText: 3000,
  /** plain_text of a header block. */
  headerText: 150,
  /** Elements in one actions block. */
  actionsElements: 25,
  /** plain_text label of a button. */
  buttonText: 75,
  /** A button's `value`: carries the command text. */
  buttonValue: 2000,
  /** `action_id`, unique within a message or view. */
  actionId: 255,
  /**
   * Top-level `text` of a message. Slack truncates at 40,000 characters and advises ~4,000
   * (https://api.slack.com/methods/chat.postMessage#truncating); it is only the notification /
   * fallback when blocks are present, so keep it short.
   */
  fallbackText: 3000,
  /** `initial_comment` of files.completeUploadExternal: we keep it like a message's text. */
  initialComment: 3000,
  /** Slack answers within 3 s or shows the user an error (https://api.slack.com/interactivity/handling#acknowledgment_response). */
  ackMs: 3000,
} as const;
