/** What an authentication scheme sees of a request, and what it gives back. */
export interface RequestToAuthorize {
  method: string;
  /** Full URL, query included, exactly as it will be sent. */
  url: URL;
  /** Headers already set (lower- or mixed-case names); not modified. */
  headers: Record<string, string>;
  /** The exact body bytes/text that will be sent; undefined or "" for none. */
  body?: string | Uint8Array;
}

export interface AuthProvider {
  /** Headers to add to the request (e.g. X-Sdk-Date + Authorization, or X-Auth-Token). */
  authorize(req: RequestToAuthorize, signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * Called after a 401. Returns true when a retry could succeed (a fresh token was fetched),
   * false when the same credentials would fail again. May reject with an OmsbotError when
   * fetching a fresh credential fails (e.g. API_AUTH: the IAM password was changed).
   */
  onUnauthorized(): Promise<boolean>;
  /** Which settings an operator should check when authentication fails, e.g. "HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK". */
  readonly settingsHint: string;
}
