/** The real ADS client pointed at a simulator, signing with the simulator's ADS keys (demo, tests). */
import { AdsClient, type AdsClientOptions } from "../clients/ads/client.ts";
import { AdsHmacProvider } from "../clients/auth/ads-hmac.ts";
import type { AuthProvider } from "../clients/auth/types.ts";
import type { Simulator } from "./server.ts";

export type AdsSimulatorClientOptions = Omit<
  AdsClientOptions,
  "endpoint" | "subscription" | "resourceGroup" | "zone" | "dataSync" | "auth"
> & { auth?: AuthProvider; signingClock?: () => Date };

export function adsClientFor(sim: Simulator, o: AdsSimulatorClientOptions): AdsClient {
  const { signingClock, auth, ...rest } = o;
  const a = sim.ads;
  return new AdsClient({
    ...rest,
    endpoint: sim.url,
    subscription: a.subscription,
    resourceGroup: a.resourceGroup,
    zone: a.zone,
    dataSync: a.dataSync,
    auth: auth ?? new AdsHmacProvider({ ak: a.ak, sk: a.sk, now: signingClock }),
  });
}
