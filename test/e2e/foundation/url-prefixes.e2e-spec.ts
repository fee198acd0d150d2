import 'reflect-metadata';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../../apps/api/src/app.module';

/**
 * One controller per URL prefix: a route added under /auth, /me or /metrics goes into that
 * prefix's controller, so its guards, tags and services are read in one place.
 * The /me controller sits in the API app (apps/api/src/me.controller.ts), above accounts and
 * reception, so the citizen's own tickets and appointments are served there too.
 */
const ONE_CONTROLLER = { auth: 'AuthController', me: 'MeController', metrics: 'MetricsController' };

interface Route {
  controller: string;
  route: string;
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

async function routes(): Promise<Route[]> {
  process.env.DATABASE_URL ||= 'postgres://prefixes@127.0.0.1:1/none';
  process.env.REDIS_URL ||= 'redis://127.0.0.1:1';
  process.env.JWT_SECRET ||= 'url-prefix-test-only-secret-000000000';
  // Preview mode: the module graph without instantiating a provider (nothing is connected).
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile({ preview: true } as never);
  const out: Route[] = [];
  for (const module of moduleRef.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
      if (!type?.prototype) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, type) ?? ''].flat() as string[];
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        for (const b of base) for (const p of [path].flat()) out.push({ controller: type.name, route: `${method} ${join(b, p)}` });
      }
    }
  }
  return out;
}

describe('URL prefixes', () => {
  let all: Route[];
  beforeAll(async () => {
    all = await routes();
  });

  it.each(Object.entries(ONE_CONTROLLER))('/%s is served by %s alone', (prefix, controller) => {
    const under = all.filter((r) => r.route.split(' ')[1].split('/')[1] === prefix);
    expect(under.length).toBeGreaterThan(0);
    const others = under.filter((r) => r.controller !== controller);
    expect(others).toEqual([]);
  });

  it("serves the citizen's own tickets and appointments from the /me controller", () => {
    const mine = all.filter((r) => ['GET /me/appointments', 'POST /me/tickets'].includes(r.route));
    expect(mine).toEqual([
      { controller: 'MeController', route: 'POST /me/tickets' },
      { controller: 'MeController', route: 'GET /me/appointments' },
    ]);
  });

  it('the routes that moved are still there, once each', () => {
    const seen = all.map((r) => r.route);
    for (const route of [
      'POST /auth/login',
      'POST /auth/signup',
      'POST /auth/kiosk/verify',
      'GET /me',
      'PATCH /me',
      'GET /me/mfa',
      'POST /me/mandates/:id/confirm',
      'GET /me/export',
      'GET /metrics',
      'GET /metrics/tickets',
      'GET /metrics/census',
    ])
      expect(seen.filter((r) => r === route)).toHaveLength(1);
  });
});
