/**
 * A TCP proxy in front of the test MariaDB that records every statement its clients send, so a
 * test can tell what one `pulumi up` sent (the server's own counters are shared with every other
 * test file). A second proxy on another port is "the same server at a moved endpoint".
 *
 * It reads the client-to-server half of the MySQL protocol only: packets are a 3-byte length, a
 * sequence id and a payload; a command starts a new sequence (id 0) and COM_QUERY (0x03) or
 * COM_STMT_PREPARE (0x16) carry the SQL text after the command byte (MySQL Client/Server Protocol,
 * "Text Protocol" and "Prepared Statements"; the handshake response has sequence id 1).
 */
import * as net from "net";

const COM_QUERY = 0x03;
const COM_STMT_PREPARE = 0x16;

export interface MysqlProxy {
  host: string;
  port: number;
  /** Every statement received, in order. */
  statements: string[];
  /** Client connections accepted so far. */
  connections(): number;
  /** Statements that change something (not SELECT, SHOW, SET, USE, DESCRIBE, EXPLAIN). */
  mutating(): string[];
  stop(): Promise<void>;
}

const READ_ONLY = /^\s*(\/\*.*?\*\/\s*)*(SELECT|SHOW|SET|USE|DESC|DESCRIBE|EXPLAIN)\b/is;

export async function startMysqlProxy(target: { host: string; port: number }): Promise<MysqlProxy> {
  const statements: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const length = pending.readUIntLE(0, 3);
        if (pending.length < 4 + length) break;
        const seq = pending[3];
        const payload = pending.subarray(4, 4 + length);
        if (seq === 0 && (payload[0] === COM_QUERY || payload[0] === COM_STMT_PREPARE)) statements.push(payload.subarray(1).toString("utf8"));
        pending = pending.subarray(4 + length);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    const close = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on("close", close).on("error", close);
    upstream.on("close", close).on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: "127.0.0.1",
    port,
    statements,
    connections: () => connections,
    mutating: () => statements.filter((s) => !READ_ONLY.test(s)),
    stop: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
