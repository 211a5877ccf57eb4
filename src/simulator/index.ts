/** The simulator's public surface, for main.ts (demo mode), tests and benchmarks. */
export {
  DEFAULT_PROJECT_ID,
  DEFAULT_SEED,
  DEMO_CREDENTIALS,
  type IamUser,
  type SimulatorCredentials,
} from "./credentials.ts";
export type { SimTask } from "./demo-tasks.ts";
export { FAULT_KINDS, type FaultKind, type FaultOptions, isFaultKind } from "./faults.ts";
export type { RequestFilter, RequestLogEntry } from "./request-log.ts";
export { type Simulator, type SimulatorOptions, startSimulator } from "./server.ts";
