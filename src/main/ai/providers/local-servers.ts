// Where an OpenAI-compatible server lives and what it is called in messages. People copy
// the base URL from the server's docs for OpenAI clients ("http://127.0.0.1:11434/v1"), or
// type the bare host: both are accepted, and every path is built from the root without /v1.

/** The servers the issue names, with the port each listens on by default. */
export const LOCAL_SERVERS = [
  { id: 'ollama', name: 'Ollama', ports: [11434] },
  { id: 'lmstudio', name: 'LM Studio', ports: [1234] },
  { id: 'llamacpp', name: 'llama.cpp', ports: [8080, 9931] },
  { id: 'vllm', name: 'vLLM', ports: [8000] },
  { id: 'jan', name: 'Jan', ports: [1337] },
] as const;
export type LocalServerId = (typeof LOCAL_SERVERS)[number]['id'];

export interface ServerEndpoint {
  /** Scheme, host and port, plus any path before /v1 (a proxy's prefix); no trailing slash. */
  root: string;
  /** `root` + "/v1": what the API paths hang off. */
  api: string;
  /** "127.0.0.1:11434": how messages name the place. */
  hostPort: string;
  /** Which known server this is, from the setting or the port; null: unknown. */
  server: LocalServerId | null;
  /** "Ollama", or "The local model server" when unknown. */
  name: string;
}

/** Throws with a sentence a person can act on when `baseUrl` is not an http(s) URL. */
export function parseBaseUrl(baseUrl: string, server?: LocalServerId | null): ServerEndpoint {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new Error(`"${baseUrl}" is not a URL: give the server's address, for example http://127.0.0.1:11434/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`The base URL must start with http:// or https:// (got "${baseUrl}").`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  const root = `${url.protocol}//${url.host}${path}`;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const known = server ?? LOCAL_SERVERS.find((s) => (s.ports as readonly number[]).includes(port))?.id ?? null;
  return {
    root,
    api: `${root}/v1`,
    hostPort: `${url.hostname}:${port}`,
    server: known,
    name: known ? serverName(known) : 'The local model server',
  };
}

export function serverName(id: LocalServerId): string {
  return LOCAL_SERVERS.find((s) => s.id === id)!.name;
}
