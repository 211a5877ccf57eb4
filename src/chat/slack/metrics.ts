/**
 * The Slack adapter's metrics in Prometheus text format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/). Small on purpose: counters
 * with bounded label values and one summary; no client library needed for that.
 */

const QUANTILES = [0.5, 0.9, 0.99] as const;
/** The ack summary keeps the latest observations only, so quantiles follow current behaviour. */
const WINDOW = 1024;

type Labels = Record<string, string>;

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
    /** Maps each label value into a bounded, non-identifying set. */
    private readonly bound: (name: string, value: string) => string = (_n, v) => v,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = this.key(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels: Labels = {}): number {
    return this.values.get(this.key(labels)) ?? 0;
  }

  private key(labels: Labels): string {
    return labelText(
      Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, this.bound(k, v)])),
    );
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, v] of this.values) lines.push(`${this.name}${key} ${v}`);
    return lines.join("\n");
  }
}

class Summary {
  private readonly window: number[] = [];
  private next = 0;
  private sum = 0;
  private count = 0;
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  observe(value: number): void {
    if (this.window.length < WINDOW) this.window.push(value);
    else this.window[this.next] = value;
    this.next = (this.next + 1) % WINDOW;
    this.sum += value;
    this.count += 1;
  }

  quantile(q: number): number {
    if (this.window.length === 0) return Number.NaN;
    const sorted = [...this.window].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} summary`];
    for (const q of QUANTILES) lines.push(`${this.name}{quantile="${q}"} ${this.quantile(q)}`);
    lines.push(`${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return lines.join("\n");
  }
}

export class SlackMetrics {
  /** by command name (first words, bounded set), source and outcome (ok | error_reply | failed). */
  readonly commands = new Counter(
    "omsbot_slack_commands_total",
    "Commands handled from Slack, by command, source and outcome.",
  );
  readonly ackSeconds = new Summary(
    "omsbot_slack_ack_seconds",
    "Time from receiving a slash command or button click to acknowledging it.",
  );
  readonly uploads = new Counter(
    "omsbot_slack_uploads_total",
    "File uploads to Slack, by outcome.",
  );
  readonly errors = new Counter(
    "omsbot_slack_errors_total",
    "Slack API failures, by method and Slack error code.",
    slackErrorLabel,
  );
  readonly duplicates = new Counter(
    "omsbot_slack_duplicate_events_total",
    "Slack event retries dropped because the same event_id was already handled.",
  );
  readonly rateLimited = new Counter(
    "omsbot_slack_rate_limited_total",
    "HTTP 429 answers from the Slack Web API (each is waited out and retried).",
  );

  render(): string {
    return `${[
      this.commands,
      this.ackSeconds,
      this.uploads,
      this.errors,
      this.duplicates,
      this.rateLimited,
    ]
      .map((m) => m.render())
      .join("\n")}\n`;
  }
}

/**
 * /metrics is served without authentication, so error labels must not carry what an answer
 * might put in them (a proxy's free text, a channel or user ID, a token). Slack's codes and our
 * method names start lowercase and have no `-`; Slack IDs (C…, U…) and tokens (xoxb-…) do not fit.
 */
const SLACK_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const METHOD = /^[a-z][A-Za-z0-9_.]{0,63}$/;

function slackErrorLabel(name: string, value: string): string {
  const shape = name === "method" ? METHOD : SLACK_CODE;
  return shape.test(value) ? value : "other";
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

const TOP = new Set(["help", "list", "task", "stats", "exports"]);
const SUB: Record<string, ReadonlySet<string>> = {
  alert: new Set(["add", "list", "remove", "mute", "unmute"]),
  digest: new Set(["add", "list", "remove", "run"]),
};

/** A metric label for the command text: a known command name, else `other` (bounded cardinality). */
export function commandLabel(text: string): string {
  const [first = "", second = ""] = text.trim().toLowerCase().split(/\s+/);
  if (first === "") return "help";
  if (TOP.has(first)) return first;
  const subs = SUB[first];
  if (subs) return subs.has(second) ? `${first}.${second}` : first;
  return "other";
}
