import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ResolvedAddress } from './webhook-url';

/**
 * One POST to `url`, connecting only to `addresses` (already checked): the socket's lookup is
 * answered from them, never from DNS again. TLS still verifies the certificate against the
 * URL's host name. Redirects are not followed (a 3xx is just a status).
 */
export function postPinned(
  url: URL,
  addresses: ResolvedAddress[],
  options: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<number> {
  const lookup: LookupFunction = (_host, opts, callback) => {
    const cb = callback as (err: Error | null, address: string | ResolvedAddress[], family?: number) => void;
    if ((opts as { all?: boolean }).all) cb(null, addresses);
    else cb(null, addresses[0].address, addresses[0].family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
        lookup,
        agent: false,
      },
      (res) => {
        clearTimeout(timer);
        res.resume(); // the receiver's body is never read
        resolve(res.statusCode ?? 0);
      },
    );
    // The whole call, not only an idle socket, is bounded.
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('webhook timeout'), { name: 'TimeoutError' })), options.timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(options.body);
  });
}
