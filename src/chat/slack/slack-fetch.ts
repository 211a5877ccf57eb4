/**
 * The fetch every outbound Slack connection uses: Web API calls, file uploads, and Bolt's
 * respond() (App reads `clientOptions.fetch`). With a Dispatcher (an HTTPS_PROXY agent), undici's
 * own fetch is used, as @slack/socket-mode 3 does for its WebSocket.
 */
import type { FetchFunction } from "@slack/web-api";
import { type Dispatcher, fetch as undiciFetch } from "undici";

type Init = Parameters<FetchFunction>[1];

export function slackFetch(dispatcher: Dispatcher | undefined) {
  if (!dispatcher) return (url: string | URL, init?: Init) => fetch(url, init);
  return async (url: string | URL, init?: Init) => {
    let body: string | Buffer | undefined;
    let headers = init?.headers;
    if (init?.body instanceof FormData) {
      // web-api builds uploads as Node's global FormData, which undici 7's fetch does not take as
      // a body (it sends it as text, and the upload URL refuses it): encode it here instead.
      const encoded = new Response(init.body);
      body = Buffer.from(await encoded.arrayBuffer());
      headers = { ...headers, "content-type": encoded.headers.get("content-type") ?? "" };
    } else {
      body = init?.body;
    }
    return undiciFetch(url, {
      ...(init?.method ? { method: init.method } : {}),
      ...(headers ? { headers } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(init?.redirect ? { redirect: init.redirect } : {}),
      ...(init?.signal ? { signal: init.signal } : {}),
      dispatcher,
    });
  };
}
