/** A CONNECT proxy on loopback that counts its tunnels: stands in for HTTPS_PROXY in tests. */
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

export interface TinyProxy {
  url: string;
  /** host:port of every CONNECT, in order. */
  connects: string[];
  /** Local ports of the proxy's upstream connections: what the target sees as remote ports. */
  upstreamPorts: Set<number>;
  close(): Promise<void>;
}

export async function startProxy(): Promise<TinyProxy> {
  const connects: string[] = [];
  const upstreamPorts = new Set<number>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    connects.push(target);
    const [host = "", port = ""] = target.split(":");
    const upstream = connect(Number(port), host, () => {
      if (upstream.localPort) upstreamPorts.add(upstream.localPort);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    upstreamPorts,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
