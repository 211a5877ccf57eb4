/** Picks the AuthProvider that the configuration names (DESIGN "Contracts"). */
import type { Dispatcher } from "undici";
import type { OmsAuthConfig } from "../../config.ts";
import { AkSkProvider } from "./aksk-provider.ts";
import { IamTokenProvider } from "./iam-token.ts";
import { StaticTokenProvider } from "./static-token.ts";
import type { AuthProvider } from "./types.ts";

export function authFromConfig(
  auth: OmsAuthConfig,
  projectId: string,
  dispatcher: Dispatcher,
): AuthProvider {
  switch (auth.kind) {
    case "aksk":
      return new AkSkProvider({
        ak: auth.ak,
        sk: auth.sk,
        securityToken: auth.securityToken,
        projectId,
      });
    case "token":
      return new StaticTokenProvider(auth.token);
    case "iam":
      return new IamTokenProvider({
        endpoint: auth.endpoint,
        user: auth.user,
        password: auth.password,
        domain: auth.domain,
        projectId,
        dispatcher,
      });
  }
}
