/**
 * Baseline servers measured in the same run as the product, so figures are ratios on the same
 * machine at the same moment: a bare node:http answering a constant, and a bare node:http + pg
 * reading one row by key (what the tracking lookup reads), with no framework in between.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';

const [mode, port, databaseUrl, sql] = process.argv.slice(2);

if (mode === 'const') {
  createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"status":"ok"}');
  }).listen(Number(port), '127.0.0.1');
} else if (mode === 'pg') {
  const pool = new Pool({ connectionString: databaseUrl, max: 20 });
  createServer((req, res) => {
    const key = decodeURIComponent((req.url ?? '/').slice(1));
    pool.query(sql, [key]).then(
      (r) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(r.rows[0] ?? null));
      },
      () => {
        res.statusCode = 500;
        res.end();
      },
    );
  }).listen(Number(port), '127.0.0.1');
}
