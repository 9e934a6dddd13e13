import type { Application } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** A listening app on an ephemeral loopback port, with a small fetch wrapper that keeps cookies. */
export class TestServer {
  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(app: Application): Promise<TestServer> {
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    const { port } = server.address() as AddressInfo;
    return new TestServer(server, `http://127.0.0.1:${port}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(this.baseUrl + path, { redirect: 'manual', ...init });
  }

  /** JSON request helper: sends `json` as the body, returns status, headers and parsed body. */
  async json(
    method: string,
    path: string,
    options: { json?: unknown; headers?: Record<string, string>; rawBody?: string | Buffer } = {},
  ): Promise<{ status: number; headers: Headers; body: any }> {
    const headers: Record<string, string> = { ...options.headers };
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.rawBody !== undefined) {
      body = options.rawBody as BodyInit;
    }
    const res = await this.fetch(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }
}
