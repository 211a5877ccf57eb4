/** AK/SK request signing as an AuthProvider (api-notes.md "Authentication"). */
import { type AkSkCredentials, signAkSk } from "./aksk-signer.ts";
import type { AuthProvider, RequestToAuthorize } from "./types.ts";

export interface AkSkProviderOptions extends AkSkCredentials {
  /** Injected for tests; the signature carries this instant as X-Sdk-Date. */
  now?: () => Date;
  /** Which settings hold these keys, for the operator's hint (default: the OMS ones). */
  settings?: string;
}

const DEFAULT_SETTINGS = "HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (or CLOUD_SDK_AK / CLOUD_SDK_SK)";

export class AkSkProvider implements AuthProvider {
  readonly settingsHint: string;
  private readonly creds: AkSkCredentials;
  private readonly now: () => Date;

  constructor(opts: AkSkProviderOptions) {
    const { now, settings, ...creds } = opts;
    this.creds = creds;
    this.now = now ?? (() => new Date());
    const base = settings ?? DEFAULT_SETTINGS;
    this.settingsHint = creds.securityToken ? `${base} and HUAWEICLOUD_SDK_SECURITY_TOKEN` : base;
  }

  async authorize(req: RequestToAuthorize): Promise<Record<string, string>> {
    return signAkSk(req, this.creds, this.now());
  }

  /** The same keys would be refused again: there is nothing to refresh. */
  async onUnauthorized(): Promise<boolean> {
    return false;
  }
}
