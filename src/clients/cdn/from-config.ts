/**
 * The CDN client the configuration allows, or why there is none. CDN is a global service that
 * takes domain-level AK/SK (seed 003's samples use GlobalCredentials): an OMS token or IAM
 * password login does not carry over, so CDN is on only with AK/SK and CDN_DOMAIN_ID.
 */
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import type { Config } from "../../config.ts";
import { domainAkSkProvider } from "../auth/domain-aksk.ts";
import type { AttemptReport } from "../http/json-client.ts";
import { CdnClient } from "./client.ts";

export type CdnSetup = { kind: "on"; client: CdnClient } | { kind: "off"; reason: string };

export function cdnFromConfig(
  config: Pick<Config, "oms" | "cdn">,
  deps: { dispatcher: Dispatcher; logger: Logger; onAttempt?: (a: AttemptReport) => void },
): CdnSetup {
  const { oms, cdn } = config;
  if (oms.kind !== "cloud") {
    return { kind: "off", reason: "no cloud settings (the built-in simulator serves CDN)" };
  }
  if (!cdn.domainId) return { kind: "off", reason: "CDN_DOMAIN_ID is not set" };
  if (oms.auth.kind !== "aksk") {
    return {
      kind: "off",
      reason:
        "CDN needs HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK; a token or IAM password login is not used for CDN",
    };
  }
  const auth = domainAkSkProvider({
    ak: oms.auth.ak,
    sk: oms.auth.sk,
    ...(oms.auth.securityToken ? { securityToken: oms.auth.securityToken } : {}),
    domainId: cdn.domainId,
  });
  const client = new CdnClient({
    endpoint: cdn.endpoint,
    auth,
    dispatcher: deps.dispatcher,
    logger: deps.logger,
    ...(deps.onAttempt ? { onAttempt: deps.onAttempt } : {}),
  });
  return { kind: "on", client };
}
