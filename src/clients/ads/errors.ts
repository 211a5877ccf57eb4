/**
 * ADS error answers → coded errors. Seed 004's default error response is `google.rpc.Status`
 * `{code, message, details[]}`; `code` is a google.rpc.Code, which says more than the HTTP status
 * a gateway puts in front of it, so it wins when present.
 */
import { type ErrorCode, OmsbotError } from "../../errors.ts";
import { codeForStatus } from "../oms/errors.ts";
import { rpcStatusSchema } from "./schemas.ts";

export const ADS_SERVICE = "SenseCore ADS";

/** Said for every outage, so the user knows OMS features are not part of it. */
export const ADS_UNAVAILABLE_MESSAGE =
  "SenseCore ADS is not available right now. Try again in a minute; OMS tasks are not affected.";

/** google.rpc.Code numbers (google/rpc/code.proto). A Map: the key is the server's value. */
const RPC_CODE = new Map<number, ErrorCode>([
  [3, "API_BAD_REQUEST"], // INVALID_ARGUMENT
  [4, "API_UNAVAILABLE"], // DEADLINE_EXCEEDED: the server gave up; asking again may work
  [5, "API_NOT_FOUND"], // NOT_FOUND
  [7, "API_FORBIDDEN"], // PERMISSION_DENIED
  [8, "API_THROTTLED"], // RESOURCE_EXHAUSTED
  [9, "API_BAD_REQUEST"], // FAILED_PRECONDITION
  [11, "API_BAD_REQUEST"], // OUT_OF_RANGE
  [13, "API_UNAVAILABLE"], // INTERNAL
  [14, "API_UNAVAILABLE"], // UNAVAILABLE
  [16, "API_AUTH"], // UNAUTHENTICATED
]);

const SETTINGS = "`ADS_SUBSCRIPTION`, `ADS_RESOURCE_GROUP`, `ADS_ZONE` and `ADS_DATA_SYNC`";

const USER_MESSAGE: Partial<Record<ErrorCode, string>> = {
  API_AUTH: "SenseCore ADS refused the bot's credentials. Check the `ADS_AK` / `ADS_SK` settings.",
  API_FORBIDDEN: `SenseCore ADS refused access to the data-sync resource. Check that the \`ADS_AK\` key may read it, and ${SETTINGS}.`,
  API_NOT_FOUND: `SenseCore ADS has no such data-sync resource. Check ${SETTINGS}.`,
  API_THROTTLED: "SenseCore ADS is throttling requests right now. Try again in a minute.",
  API_UNAVAILABLE: ADS_UNAVAILABLE_MESSAGE,
  API_TIMEOUT: ADS_UNAVAILABLE_MESSAGE,
};

export function mapAdsError(status: number, body: unknown, what: string): OmsbotError {
  const parsed = rpcStatusSchema.safeParse(body);
  const rpc = parsed.success ? parsed.data : undefined;
  const rpcCode = rpc?.code ?? undefined;
  const code = (rpcCode !== undefined ? RPC_CODE.get(rpcCode) : undefined) ?? codeForStatus(status);
  // ADS's own message is developer-facing text from outside: the log gets it, the user does not.
  const detail = `${what}: HTTP ${status}${rpcCode !== undefined ? ` rpc ${rpcCode}` : ""}${rpc?.message ? ` ${rpc.message}` : ""}`;
  return new OmsbotError(
    code,
    USER_MESSAGE[code] ?? `SenseCore ADS refused the request for ${what}.`,
    { detail, status, apiCode: rpcCode !== undefined ? `rpc.${rpcCode}` : undefined },
  );
}
