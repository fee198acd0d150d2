/**
 * Writes openapi.yaml from the code's Swagger document (the same one /docs-json serves).
 * `npm run openapi` regenerates it; the openapi drift test fails when the committed file is stale.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { stringify } from 'yaml';
import { buildOpenApiDocument } from '../apps/api/src/bootstrap';
import { AppModule } from '../apps/api/src/app.module';

export const OPENAPI_FILE = join(__dirname, '..', 'openapi.yaml');

/** Renders the spec as YAML, stably (same code → same bytes). */
export function renderOpenApi(doc: object): string {
  return (
    '# Generated from the code by `npm run openapi`; do not edit by hand.\n' +
    stringify(doc, { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false })
  );
}

/**
 * Builds the document without connecting to anything: the module graph is compiled in
 * preview mode (no provider is instantiated), which is all the Swagger scanner needs.
 */
export async function generateOpenApi(): Promise<string> {
  process.env.DATABASE_URL ||= 'postgres://openapi@127.0.0.1:1/none';
  process.env.REDIS_URL ||= 'redis://127.0.0.1:1';
  process.env.JWT_SECRET ||= 'openapi-generation-only-secret-0000000';
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile({ preview: true } as never);
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { preview: true } as never);
  const { API_PREFIX, UNPREFIXED_ROUTES } = await import('../apps/api/src/bootstrap');
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  const doc = buildOpenApiDocument(app);
  return renderOpenApi(doc);
}

if (require.main === module) {
  generateOpenApi()
    .then((yaml) => {
      writeFileSync(OPENAPI_FILE, yaml);
      process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
      process.exit(0);
    })
    .catch((e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    });
}
