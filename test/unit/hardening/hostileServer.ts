// A bare HTTP server on 127.0.0.1 whose every answer is chosen by the hardening case that registers it: hostile
// manifests, wrongly shaped API answers, bodies cut mid-way. The shared fixture server plays well-behaved Gerrit and
// Zuul; this one plays whatever a broken or malicious server might send.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, rest: string) => void;

export interface HostileServer {
  readonly url: string;
  /** Serves every path under `prefix` (which starts and ends with '/') through `handler`, with the rest of the path. */
  route(prefix: string, handler: Handler): void;
  /** Bytes of every body served so far, counted into the corpus size. */
  readonly servedBytes: () => number;
  close(): Promise<void>;
}

export async function startHostileServer(): Promise<HostileServer> {
  const routes: [string, Handler][] = [];
  const sockets = new Set<Socket>();
  let served = 0;
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://hostile').pathname;
    // Longest prefix first, so a case can register a catch-all and specific routes under it.
    const match = routes.filter(([prefix]) => pathname.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
    if (!match) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not found');
      return;
    }
    const originalWrite = res.write.bind(res);
    const originalEnd = res.end.bind(res);
    const count = (chunk: unknown): void => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) served += Buffer.byteLength(chunk);
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      count(chunk);
      return (originalWrite as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      count(chunk);
      return (originalEnd as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
    }) as typeof res.end;
    try {
      match[1](req, res, pathname.slice(match[0].length));
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`hostile server error: ${(error as Error).message}`);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    route: (prefix, handler) => {
      routes.push([prefix, handler]);
    },
    servedBytes: () => served,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export function sendText(res: ServerResponse, body: string | Buffer, status = 200, type = 'text/plain'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Headers and part of the promised body, then the connection is cut: a reset in the middle of a download. */
export function resetMidBody(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100000' });
  res.write('x'.repeat(1000));
  setTimeout(() => res.socket?.destroy(), 20);
}

/** One byte every 100 ms, forever: never idle long enough for the idle timeout. */
export function trickle(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  const drip = (): void => {
    if (res.destroyed || res.socket?.destroyed !== false) return;
    res.write('.');
    setTimeout(drip, 100).unref();
  };
  drip();
}
