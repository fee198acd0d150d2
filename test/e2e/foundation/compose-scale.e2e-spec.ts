import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfig } from '@app/core';
import { composeFile } from '../../../scripts/lib/image-layout';

/**
 * docker-compose.yml's `scale` profile without a Docker engine: its shape (2 API, 2 workers,
 * PostgreSQL primary + streaming replica, PgBouncer in transaction mode, Redis + replica + 3
 * sentinels, health checks, a proxy) and the apps' variables through the real config validator.
 */
describe('docker-compose scale profile', () => {
  const repo = join(__dirname, '..', '..', '..');
  const vars = {
    JWT_SECRET: 'compose-scale-test-secret-at-least-32-chars',
    CERT_SIGNING_KEY: (generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64'),
  };
  const doc = composeFile(repo, vars);
  const scale = Object.fromEntries(Object.entries(doc.services).filter(([, s]) => (s.profiles ?? []).includes('scale')));
  const byCommand = (cmd: string) => Object.keys(scale).filter((n) => (scale[n].command ?? []).join(' ') === cmd);
  const hostOf = (url: string) => new URL(url).hostname;
  const apis = byCommand('node dist/apps/api/main.js');
  const workers = byCommand('node dist/apps/worker/main.js');

  it('runs 2 API and 2 worker processes of the one image, each with a configuration the apps accept', () => {
    expect(apis).toHaveLength(2);
    expect(workers).toHaveLength(2);
    for (const name of [...apis, ...workers]) {
      const env = Object.fromEntries(Object.entries(scale[name].environment).map(([k, v]) => [k, String(v)]));
      const config = validateConfig(env);
      expect(config.DATABASE_REPLICA_URL).toBeTruthy();
      expect(config.REDIS_SENTINELS).toHaveLength(3);
      expect(config.TRUST_PROXY).toBe(true);
      expect(scale[name].image).toBe(doc.services.api.image);
    }
  });

  it('reaches PostgreSQL through PgBouncer in transaction mode: the primary, and a streaming replica made with pg_basebackup', () => {
    const env = scale[apis[0]].environment;
    const primaryPooler = scale[hostOf(env.DATABASE_URL)];
    const replicaPooler = scale[hostOf(env.DATABASE_REPLICA_URL)];
    for (const p of [primaryPooler, replicaPooler]) expect(p.environment.POOL_MODE).toBe('transaction');
    const primary = hostOf(primaryPooler.environment.DATABASE_URL);
    const replica = hostOf(replicaPooler.environment.DATABASE_URL);
    expect(primary).not.toBe(replica);
    expect(scale[primary].command.join(' ')).toContain('wal_level=replica');
    expect(scale[replica].command.join(' ')).toMatch(new RegExp(`pg_basebackup -h ${primary} .*-R`));
    expect(Object.keys(scale[replica].depends_on)).toContain(primary);
    // The replication role and its pg_hba line come from a mounted script that exists.
    const init = (scale[primary].volumes as string[]).find((v) => v.includes('docker-entrypoint-initdb.d'))!;
    expect(existsSync(join(repo, init.split(':')[0]))).toBe(true);
    // Every process's pool fits in the pooler's client limit.
    const processes = apis.length + workers.length;
    expect(Number(env.DB_POOL_MAX) * processes).toBeLessThanOrEqual(Number(primaryPooler.environment.MAX_CLIENT_CONN));
    // Migrations go to the primary itself, not through the pooler.
    expect(hostOf(scale['migrate-scale'].environment.DATABASE_URL)).toBe(primary);
  });

  it('has a Redis primary, a replica of it and three sentinels (quorum 2) that the apps ask', () => {
    const env = scale[apis[0]].environment;
    const sentinels = String(env.REDIS_SENTINELS)
      .split(',')
      .map((hp) => hp.split(':')[0]);
    expect(new Set(sentinels).size).toBe(3);
    const monitored = sentinels.map((s) => /sentinel monitor (\S+) (\S+) (\d+) (\d+)/.exec(scale[s].command.join(' '))!);
    for (const m of monitored) {
      expect(m[1]).toBe(env.REDIS_SENTINEL_NAME);
      expect(m[4]).toBe('2');
      expect(scale[m[2]]).toBeDefined();
    }
    const primary = monitored[0][2];
    const replicas = Object.keys(scale).filter((n) => (scale[n].command ?? []).join(' ').includes(`--replicaof ${primary} 6379`));
    expect(replicas).toHaveLength(1);
    for (const r of [primary, ...replicas]) expect(scale[r].command.join(' ')).toContain('--maxmemory-policy noeviction');
  });

  it('gives every long-running service a health check, and starts the whole profile (and only it) behind one proxy', () => {
    for (const [name, s] of Object.entries(scale)) {
      if (name === 'migrate-scale') continue;
      expect({ name, test: Array.isArray(s.healthcheck?.test) && !s.healthcheck?.disable }).toEqual({ name, test: true });
      for (const [dep, how] of Object.entries(s.depends_on ?? {})) {
        expect({ name, dep, inProfile: dep in scale }).toEqual({ name, dep, inProfile: true });
        if ((how as { condition: string }).condition === 'service_healthy') expect(scale[dep].healthcheck?.test).toBeDefined();
      }
    }
    const lb = scale.lb;
    expect(Object.keys(lb.depends_on).sort()).toEqual([...apis, ...workers].sort());
    for (const a of apis) expect(lb.command.join(' ')).toContain(`--to ${a}:3000`);
    for (const v of ['pgprimary', 'pgreplica', 'redisprimary', 'redisreplica']) expect(doc.volumes).toHaveProperty(v);
  });
});
