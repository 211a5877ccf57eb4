/**
 * The real CDN client pointed at a simulator, signing with the demo AK/SK and the simulator's
 * domain ID like a real deployment (domain-level, X-Domain-Id), unless another AuthProvider is
 * given: what the demo shell and the tests need.
 */
import { domainAkSkProvider } from "../clients/auth/domain-aksk.ts";
import type { AuthProvider } from "../clients/auth/types.ts";
import { CdnClient, type CdnClientOptions } from "../clients/cdn/client.ts";
import type { Simulator } from "./server.ts";

export type SimulatorCdnClientOptions = Omit<CdnClientOptions, "endpoint" | "auth"> & {
  auth?: AuthProvider;
  /** The signer's clock (tests with a fixed clock): the simulator refuses a 15-minute skew. */
  signingNow?: () => Date;
};

export function cdnClientFor(sim: Simulator, o: SimulatorCdnClientOptions): CdnClient {
  const { auth, signingNow, ...rest } = o;
  const signer =
    auth ??
    domainAkSkProvider({
      ak: sim.credentials.ak,
      sk: sim.credentials.sk,
      domainId: sim.cdn.domainId,
      ...(signingNow ? { now: signingNow } : {}),
    });
  return new CdnClient({ ...rest, endpoint: sim.url, auth: signer });
}
