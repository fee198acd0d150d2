import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import {
  annotateOpenApi,
  AppConfig,
  AppLogger,
  clientErrorHandler,
  createValidationPipe,
  installInputGuards,
  installLoadShedding,
  noStoreHook,
  opsRoutesGuard,
  problem,
  PROBLEM_CONTENT_TYPE,
  ProblemFilter,
  validateConfig,
} from '@app/core';
import { OPEN311_ERROR_RENDERER } from '@app/reception';
import { AppModule } from './app.module';
import { toOpenApi31 } from './openapi-31';
import { addErrorResponses } from './openapi-errors';
import { compressResponses } from './compression';

export const API_PREFIX = 'api/v1';
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Paths served outside /api/v1 by Nest controllers. */
const UNPREFIXED = ['health/live', 'health/ready', 'metrics', 'open311/{*path}'];
export const UNPREFIXED_ROUTES = UNPREFIXED.map((path) => ({ path, method: RequestMethod.ALL }));

/** Creates the API exactly as production runs it; tests call this too. */
export async function createApiApp(): Promise<NestFastifyApplication> {
  const config = validateConfig(process.env);
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    clientErrorHandler,
    // Routing errors (malformed percent-encoding, an over-long path parameter) are answered by
    // Fastify before any route or filter: give them the API's one error shape too.
    frameworkErrors: (error: { statusCode?: number }, req: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      const title = status === 414 ? 'URI too long' : 'Bad request';
      const detail = status === 414 ? 'A path parameter is too long' : 'The request URL is malformed';
      void reply
        .code(status)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .header('x-request-id', req.id)
        .send(problem(status, status === 414 ? 'uri-too-long' : 'bad-request', title, { detail, requestId: req.id }));
    },
  });
  adapter.getInstance().addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  adapter.getInstance().addHook('onSend', noStoreHook);
  adapter.getInstance().addHook('onRequest', opsRoutesGuard(config));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(AppLogger));
  app.enableShutdownHooks();
  await configureApp(app, config);
  await app.init();
  // After init: Nest registers its JSON parser there, and ours replaces it.
  installInputGuards(app.getHttpAdapter().getInstance(), { bodyLimit: config.BODY_LIMIT_BYTES });
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  // Open311 paths answer errors in GeoReport v2's own format; everything else is problem+json.
  app.useGlobalFilters(new ProblemFilter([OPEN311_ERROR_RENDERER]));
  app.enableCors({
    origin: config.CORS_ORIGINS ? config.CORS_ORIGINS.split(',').map((o) => o.trim()) : false,
    credentials: false,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
  // Security headers. Built once: @fastify/helmet rebuilt the whole policy on every request
  // (7 % of the API's CPU under load).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'", 'blob:'],
        objectSrc: ["'self'", 'blob:'],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)),
    );
  // Before the routes: over the limits, @LowPriority() routes answer 503 first.
  await installLoadShedding(app.getHttpAdapter().getInstance(), config);
  compressResponses(app.getHttpAdapter().getInstance());
  await app.register(multipart, { limits: { fileSize: config.UPLOAD_MAX_BYTES, files: 5, fields: 20 } });

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  await serveSpas(app, resolve(config.WEB_DIST_DIR));
}

/** The OpenAPI document of the running code; `npm run openapi` writes it to openapi.yaml. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Annexe administrative numérique — API')
    .setDescription(
      'REST API of the digital administrative annex: citizen accounts (CAU), the digital guide, ' +
        'requests from every channel, certificates, notifications, metrics, reception and ' +
        'interoperability. Errors are application/problem+json (RFC 9457). Lists use cursor ' +
        'pagination (`?limit=&cursor=` → `{ items, nextCursor }`).',
    )
    .setVersion('1.0.0')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization', description: 'Partner key: `ApiKey <key>`' }, 'apiKey');
  const doc = SwaggerModule.createDocument(app, builder.build(), {
    // Every route is tagged by its controller's or its own @ApiTags (the one /me controller tags
    // each route: accounts, family, privacy); no controller name is turned into a tag.
    autoTagControllers: false,
    operationIdFactory: (controllerKey: string, methodKey: string) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  doc.info.license = { name: 'UNLICENSED (proprietary, as package.json says)' };
  // Errors each operation can answer, then "who may call" from the permissions table, then 3.1.
  const annotated = annotateOpenApi(addErrorResponses(app, doc) as OpenAPIObject & { paths: Record<string, Record<string, unknown>> });
  return toOpenApi31(annotated);
}

const NOT_SPA = /^\/(api|docs|docs-json|docs-yaml|health|metrics|open311)(\/|$)/;

/**
 * One process serves everything: the citizen app at /, the agent app at /agent/, with
 * SPA fallback to each index.html; unknown API paths keep their 404 problem+json.
 */
async function serveSpas(app: NestFastifyApplication, root: string): Promise<void> {
  const apps = [
    { prefix: '/agent/', dir: join(root, 'agent-web', 'dist') },
    { prefix: '/', dir: join(root, 'citizen-web', 'dist') },
  ].filter((a) => existsSync(join(a.dir, 'index.html')));
  const fastify = app.getHttpAdapter().getInstance();
  let decorated = false;
  for (const spa of apps) {
    await app.register(fastifyStatic, {
      root: spa.dir,
      prefix: spa.prefix,
      wildcard: false,
      index: false,
      decorateReply: !decorated,
      cacheControl: false,
      // The build writes .br and .gz beside each asset: served by Accept-Encoding, with Vary.
      preCompressed: true,
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    decorated = true;
    const route = spa.prefix === '/' ? '/*' : `${spa.prefix}*`;
    const handler = (req: { url: string; method: string }, reply: any) => {
      const path = req.url.split('?')[0];
      if (path.startsWith(OPEN311_ERROR_RENDERER.prefix)) {
        const out = OPEN311_ERROR_RENDERER.render(
          path,
          problem(404, 'not-found', 'Not found', { detail: `No route ${req.method} ${path}` }),
          undefined,
        );
        return reply.code(out.status).header('content-type', out.contentType).send(out.payload);
      }
      if (NOT_SPA.test(path)) {
        return reply
          .code(404)
          .header('content-type', PROBLEM_CONTENT_TYPE)
          .send(problem(404, 'not-found', 'Not found', { detail: `No route ${req.method} ${path}` }));
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', spa.dir);
    };
    fastify.get(route, handler);
    if (spa.prefix !== '/') fastify.get(spa.prefix.slice(0, -1), (_req: unknown, reply: any) => reply.redirect(spa.prefix));
    else fastify.get('/', handler);
  }
}
