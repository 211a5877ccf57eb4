/**
 * The real OMS client pointed at a simulator: what the demo shell, the benches and the tests all
 * need. It signs with the demo AK/SK like a real deployment, so the whole path is exercised,
 * unless another AuthProvider is given.
 */
import { AkSkProvider } from "../clients/auth/aksk-provider.ts";
import type { AuthProvider } from "../clients/auth/types.ts";
import { OmsClient, type OmsClientOptions } from "../clients/oms/client.ts";
import type { Simulator } from "./server.ts";

export type SimulatorClientOptions = Omit<OmsClientOptions, "endpoint" | "projectId" | "auth"> & {
  auth?: AuthProvider;
};

export function omsClientFor(sim: Simulator, o: SimulatorClientOptions): OmsClient {
  const auth =
    o.auth ??
    new AkSkProvider({ ak: sim.credentials.ak, sk: sim.credentials.sk, projectId: sim.projectId });
  return new OmsClient({ ...o, endpoint: sim.url, projectId: sim.projectId, auth });
}
