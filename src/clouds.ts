/**
 * The cloud clients a bot talks to, built from its Config: OMS always; CDN export tasks and
 * SenseCore ADS data-sync tasks when their settings are there. With no cloud settings, the built-in simulator serves them all, on
 * loopback and never through a proxy. Part of the composition (bot.ts).
 */
import type { Logger } from "pino";
import { Agent, type Dispatcher } from "undici";
import type { AdsPort } from "./app/ads-port.ts";
import type { CdnPort } from "./app/cdn-port.ts";
import type { OmsPort } from "./app/ports.ts";
import { AdsClient } from "./clients/ads/client.ts";
import { AdsHmacProvider } from "./clients/auth/ads-hmac.ts";
import { authFromConfig } from "./clients/auth/from-config.ts";
import { cdnFromConfig } from "./clients/cdn/from-config.ts";
import type { AttemptReport } from "./clients/http/json-client.ts";
import { OmsClient } from "./clients/oms/client.ts";
import type { Config } from "./config.ts";

export interface Clouds {
  oms: OmsPort;
  /** Absent when CDN export tasks are not configured (`exports` then says which settings). */
  cdn: CdnPort | undefined;
  /** SenseCore ADS data-sync tasks: absent unless all seven ADS_* settings are there. */
  ads: AdsPort | undefined;
}

export interface CloudOptions {
  config: Config;
  dispatcher: Dispatcher;
  logger: Logger;
  onAttempt: (report: AttemptReport) => void;
  /** Registers something to close at stop. */
  own: (close: () => Promise<void>) => void;
}

export async function createClouds(o: CloudOptions): Promise<Clouds> {
  const { config, dispatcher, logger, onAttempt } = o;
  if (config.oms.kind === "cloud") {
    const { endpoint, projectId, auth } = config.oms;
    const oms = new OmsClient({
      endpoint,
      projectId,
      auth: authFromConfig(auth, projectId, dispatcher),
      dispatcher,
      logger,
      onAttempt,
    });
    const setup = cdnFromConfig(config, { dispatcher, logger, onAttempt });
    if (setup.kind === "off" && config.cdn.domainId) {
      logger.warn({ reason: setup.reason }, "CDN export tasks are off");
    }
    return { oms, cdn: setup.kind === "on" ? setup.client : undefined, ads: adsClient(o) };
  }
  // Loaded only when needed: a production bot never starts the simulator.
  const { startSimulator } = await import("./simulator/server.ts");
  const { omsClientFor } = await import("./simulator/client.ts");
  const { cdnClientFor } = await import("./simulator/cdn-client.ts");
  const { adsClientFor } = await import("./simulator/ads-client.ts");
  const sim = await startSimulator({});
  o.own(() => sim.close());
  logger.warn({ url: sim.url }, "no OMS settings: using the built-in simulator with demo tasks");
  const local = new Agent();
  o.own(() => local.close());
  return {
    oms: omsClientFor(sim, { dispatcher: local, logger, onAttempt }),
    cdn: cdnClientFor(sim, { dispatcher: local, logger, onAttempt }),
    ads: adsClientFor(sim, { dispatcher: local, logger, onAttempt }),
  };
}

/** ADS is configured apart from OMS (ADS_* all or none, checked by config.ts). */
function adsClient(o: CloudOptions): AdsPort | undefined {
  const ads = o.config.ads;
  if (!ads) return undefined;
  return new AdsClient({
    endpoint: ads.endpoint,
    subscription: ads.subscription,
    resourceGroup: ads.resourceGroup,
    zone: ads.zone,
    dataSync: ads.dataSync,
    auth: new AdsHmacProvider({ ak: ads.ak, sk: ads.sk }),
    dispatcher: o.dispatcher,
    logger: o.logger,
    onAttempt: o.onAttempt,
  });
}
