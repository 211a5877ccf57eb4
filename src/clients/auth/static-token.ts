/** A fixed IAM token from OMS_AUTH_TOKEN, sent as X-Auth-Token (api-notes.md "Authentication"). */
import type { AuthProvider } from "./types.ts";

export class StaticTokenProvider implements AuthProvider {
  readonly settingsHint = "OMS_AUTH_TOKEN";
  private readonly token: string;

  constructor(token: string) {
    if (!token) throw new Error("StaticTokenProvider needs a token");
    this.token = token;
  }

  async authorize(): Promise<Record<string, string>> {
    return { "X-Auth-Token": this.token };
  }

  /** A fixed token cannot be renewed: the operator has to set a new one. */
  async onUnauthorized(): Promise<boolean> {
    return false;
  }
}
