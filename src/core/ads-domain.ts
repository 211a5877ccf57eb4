/**
 * SenseCore ADS data-sync tasks as the bot sees them (seed 004, "枚举同步任务列表"), apart from
 * the wire format. An ADS task is not an OMS sync task: it runs once, from scanning to an end.
 */

/** The states seed 004 lists for `state`, in the order a task passes through them. */
export const KNOWN_ADS_STATES = [
  "SCANNING",
  "DOING",
  "PAUSED",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
] as const;
export type KnownAdsState = (typeof KNOWN_ADS_STATES)[number];
/** A state the seed does not list is kept and shown exactly as it came, like OMS statuses. */
export type AdsState = KnownAdsState | (string & {});

export function isKnownAdsState(s: string): s is KnownAdsState {
  return (KNOWN_ADS_STATES as readonly string[]).includes(s);
}

/** States after which the task will not move again. */
export const FINISHED_ADS_STATES: ReadonlySet<string> = new Set([
  "COMPLETED",
  "FAILED",
  "CANCELLED",
]);

/** A source or destination (seed 004 `src_info[]` / `dst_info`): a bucket or a volume. */
export interface AdsPath {
  /** bucket or volume_id */
  id: string;
  /** bucket or volume_name */
  name: string;
  region: string;
  zone: string;
  prefix: string;
  endpoint: string;
}

/**
 * Where a THIRDTO* task reads from (seed 004 `src_third_info`), WITHOUT its `ak`/`sk`: the
 * client drops those while parsing, and this type has no place for them.
 */
export interface AdsThirdPartySource {
  /** OSS, COS, OBS, BOS, S3, KS3, QINIU, WASB, UFILE (seed 004), or another as it came. */
  type: string;
  host: string;
  path: string;
}

export interface AdsTask {
  id: string;
  name: string;
  /** AOSSTOFS, FSTOAOSS, THIRDTOAOSS, THIRDTOFS, AOSSTOAOSS, FSTOFS (seed 004), or another. */
  type: string;
  state: AdsState;
  sources: AdsPath[];
  destination: AdsPath | null;
  thirdParty: AdsThirdPartySource | null;
  /** The size in `sizeUnit` (EB…B, seed 004), as ADS states it. */
  size: number | null;
  sizeUnit: string | null;
  /** ms since epoch (see clients/ads/schemas.ts for the unit assumption). */
  started: number | null;
  ended: number | null;
  created: number | null;
  /** 0–100. */
  percent: number | null;
  /** As ADS sends it (a string in seed 004, unit unknown): shown, not computed with. */
  rate: string | null;
  /** As ADS sends it (a string in seed 004). */
  timeCost: string | null;
  errMsg: string | null;
  totalNum: number | null;
  completeNum: number | null;
  existNum: number | null;
}

/** One observation of a task's progress, taken by the bot at a poll (app/ads/progress-recorder.ts). */
export interface AdsProgressSample {
  /** ms since epoch */
  t: number;
  percent: number;
  /** complete_num */
  complete: number;
  /** total_num */
  total: number;
}

/** The stored history of one task: a StateStore value (`adsProgress` collection). */
export interface AdsProgressHistory {
  /** The ADS task ID. */
  id: string;
  /** Oldest first, unique `t`. */
  samples: AdsProgressSample[];
}
