/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The gateway's full `/graphql` URL, e.g. `http://127.0.0.1:4000/graphql`. */
  readonly VITE_GATEWAY_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
