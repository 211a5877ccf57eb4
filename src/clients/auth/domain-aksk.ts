/**
 * AK/SK signing for domain-level (global) services such as CDN: the official SDKs' "global
 * credentials" add `X-Domain-Id` (the account ID) where project-level ones add `X-Project-Id`
 * (api-notes "Authentication" step 2; seed 003's samples use GlobalCredentials).
 */
import { AkSkProvider } from "./aksk-provider.ts";

/** What an operator checks when CDN refuses the signature. */
export const CDN_AKSK_SETTINGS =
  "HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (or CLOUD_SDK_AK / CLOUD_SDK_SK) and CDN_DOMAIN_ID";

export interface DomainAkSkOptions {
  ak: string;
  sk: string;
  securityToken?: string;
  /** The account (domain) ID: CDN_DOMAIN_ID. */
  domainId: string;
  now?: () => Date;
  /** Which settings hold these values, for the operator's hint (default: the CDN ones). */
  settings?: string;
}

export function domainAkSkProvider(o: DomainAkSkOptions): AkSkProvider {
  if (!o.domainId) throw new Error("domain-level AK/SK signing needs a domain ID");
  return new AkSkProvider({
    ak: o.ak,
    sk: o.sk,
    ...(o.securityToken ? { securityToken: o.securityToken } : {}),
    // Never a project ID as well: a global service is not scoped to a project.
    domainId: o.domainId,
    settings: o.settings ?? CDN_AKSK_SETTINGS,
    ...(o.now ? { now: o.now } : {}),
  });
}
