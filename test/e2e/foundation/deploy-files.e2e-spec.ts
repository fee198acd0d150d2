import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestApp, TestApp } from '../../support/app';

/** deploy/'s alert rules and dashboard name only metrics that /metrics really exports. */
describe('deploy/ monitoring files', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => t?.close());

  it('every metric in the alert rules and the Grafana dashboard is exported', async () => {
    const exported = new Set(
      ((await t.http.get('/metrics').expect(200)).text.match(/^# TYPE (\S+) (\S+)/gm) ?? []).flatMap((l) => {
        const [, , name, type] = l.split(' ');
        return type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name];
      }),
    );
    const text = ['deploy/prometheus-alerts.yml', 'deploy/grafana-dashboard.json']
      .map((f) => readFileSync(resolve(__dirname, '../../..', f), 'utf8'))
      .join('\n');
    const used = new Set(text.match(/\b(?:http|bullmq|outbox|db|process|nodejs)_[a-z0-9_]+\b/g));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((m) => !exported.has(m))).toEqual([]);
  });
});
