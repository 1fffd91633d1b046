export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A thin client of the public API, as an integrator would write it. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    /** The API key (or admin token) sent as `Authorization: Bearer`. */
    readonly token?: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined &&
        !(body instanceof FormData) &&
        typeof body !== 'string' &&
        !(body instanceof Uint8Array)
          ? { 'content-type': 'application/json' }
          : {}),
        ...headers,
      },
      body:
        body === undefined
          ? undefined
          : body instanceof FormData || typeof body === 'string' || body instanceof Uint8Array
            ? (body as RequestInit['body'])
            : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json'))
      parsed = text ? JSON.parse(text) : undefined;
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  upload(
    content: string | Uint8Array,
    filename = 'catalog.csv',
  ): Promise<Answer<{ uri: string; size: number; sha256: string }>> {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/csv' }), filename);
    return this.call('POST', '/api/v1/files', form);
  }

  /** The raw response of a GET (for streams), with the client's credentials. */
  raw(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
    });
  }

  /** Raw bytes of a download (an artifact `url` from a job's result). */
  async download(path: string): Promise<{ status: number; bytes: Buffer }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
    });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  job(id: string): Promise<Answer> {
    return this.call('GET', `/api/v1/jobs/${id}`);
  }
}
