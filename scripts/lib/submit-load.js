// Load for scripts/profile-api.ts: residence requests, each with its own Idempotency-Key.
// node submit-load.js <url> <connections> <seconds> [-H 'k: v' ...]; prints autocannon's JSON result.
const { randomUUID } = require('node:crypto');
const autocannon = require('autocannon');

const [url, connections, seconds, ...rest] = process.argv.slice(2);
const headers = { 'content-type': 'application/json' };
for (let i = 0; i < rest.length; i += 2) if (rest[i] === '-H') {
  const [k, ...v] = rest[i + 1].split(':');
  headers[k.trim()] = v.join(':').trim();
}
const body = JSON.stringify({ procedureCode: 'RESIDENCE', form: { purpose: 'bank', addressLine: '12 rue Al Qods, Berkane', residenceSince: '2015-09-01' } });
autocannon(
  {
    url,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [{ method: 'POST', body, setupRequest: (req) => ({ ...req, headers: { ...headers, 'idempotency-key': randomUUID() } }) }],
  },
  (err, result) => {
    if (err) throw err;
    process.stdout.write(JSON.stringify(result));
  },
);
