/**
 * Demo credentials and identifiers. They only unlock the local simulator, so printing them is
 * fine; they are shaped like the real ones (20-char AK, 40-char SK, 32-hex project ID) so that
 * config validation treats them like real values.
 */

export interface IamUser {
  name: string;
  password: string;
  domain: string;
}

export interface SimulatorCredentials {
  ak: string;
  sk: string;
  /** Fixed tokens accepted as X-Auth-Token (OMS_AUTH_TOKEN). */
  tokens: string[];
  /** Users that may get a token from POST /v3/auth/tokens. */
  iamUsers: IamUser[];
}

export const DEMO_CREDENTIALS: SimulatorCredentials = {
  ak: "OMSBOTDEMOAK00000001",
  sk: "omsbotDemoSecretKeyForTheLocalSimulator0",
  tokens: ["omsbot-demo-static-token"],
  iamUsers: [{ name: "omsbot-demo", password: "demo-password-1", domain: "omsbot-demo-domain" }],
};

export const DEFAULT_PROJECT_ID = "0b5c0fa1d2e34f56a7b8c9d0e1f2a3b4";

export const DEFAULT_SEED = 20240917;

/** Tokens from IAM live 24 h (api-notes.md). */
export const DEFAULT_IAM_TTL_MS = 24 * 60 * 60_000;
