import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const br = promisify(brotliCompress);
const gz = promisify(gzip);

/** Below this, compressing costs more time than the bytes it saves (a tracking answer is ~300 B). */
export const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /^application\/(json|problem\+json|yaml)|^text\/(csv|plain|xml)|^application\/xml/;

/**
 * JSON (and CSV, XML) answers above 1 kB compressed with brotli (fast setting) or gzip, by the
 * client's Accept-Encoding. Static files are not touched here: they are precompressed at build
 * time. Streams (server-sent events, PDFs, media) pass through as they are.
 */
export function compressResponses(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.getHeader('content-encoding')) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!COMPRESSIBLE.test(type)) return payload;
    const size = Buffer.byteLength(payload);
    if (size < COMPRESS_MIN_BYTES) return payload;
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
    reply.header('vary', 'accept-encoding');
    if (!encoding) return payload;
    const body =
      encoding === 'br'
        ? await br(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: size } })
        : await gz(payload, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.header('content-length', body.length);
    return body;
  });
}
