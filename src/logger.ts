import pino, { type Logger } from "pino";

/**
 * Secrets can reach a log only through an object someone logs whole; these paths are censored
 * wherever they appear one or two levels down (pino redact syntax).
 */
const REDACT = [
  "*.sk",
  "*.password",
  "*.token",
  "*.botToken",
  "*.appToken",
  "*.signingSecret",
  "*.securityToken",
  "*.headers.authorization",
  "*.headers.x-auth-token",
  "*.headers.x-security-token",
  "*.*.sk",
  "*.*.password",
  "*.*.token",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: "[redacted]" }, base: { app: "omsbot" } },
    destination,
  );
}
