import { Principal } from './principal';

/** Implemented by the interop module: turns an `Authorization: ApiKey <key>` header into a partner. */
export abstract class ApiKeyAuthenticator {
  abstract authenticate(key: string, ip: string | undefined): Promise<Principal | null>;
}
