// A loopback load balancer in front of several instances, for tests: every HTTP request and
// every websocket upgrade goes to the next instance in turn ("alternate"), or all of them to
// the instance a client first reached, as ip_hash does ("sticky").
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";

export interface LoadBalancer {
  url: string;
  /** Which upstream (index) each request or upgrade went to, in order. */
  routed: number[];
  close(): Promise<void>;
}

export async function startLoadBalancer(
  upstreams: string[],
  mode: "alternate" | "sticky",
  options: { websockets?: boolean } = {},
): Promise<LoadBalancer> {
  const targets = upstreams.map((u) => new URL(u));
  const routed: number[] = [];
  let turn = 0;
  const pick = () => {
    const index = mode === "sticky" ? 0 : turn++ % targets.length;
    routed.push(index);
    return targets[index]!;
  };
  const sockets = new Set<Socket>();
  // Routed per request, not per connection: a client's keep-alive does not pin it.
  const server: Server = createServer((req, res) => {
    const target = pick();
    // No keep-alive towards the instances: each request is routed on its own.
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on("upgrade", (req, client: Socket, head) => {
    if (options.websockets === false) {
      // A proxy or network that blocks websockets.
      client.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    const target = pick();
    const upstream = connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
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
    routed,
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
