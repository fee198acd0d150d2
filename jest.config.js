// Unit tests sit beside the code (*.spec.ts); e2e tests under test/e2e (*.e2e-spec.ts) run the
// whole app against real PostgreSQL and Redis. Each jest worker gets its own database (cloned
// from a migrated template) and its own Redis database, so files run in parallel safely.
const swc = JSON.parse(require('node:fs').readFileSync(__dirname + '/.swcrc', 'utf8'));
delete swc.$schema;
swc.jsc.baseUrl = __dirname;

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/api/**/*.spec.ts', '<rootDir>/apps/worker/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    '<rootDir>/apps/citizen-web/',
    '<rootDir>/apps/agent-web/',
  ],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
    // A few dependencies ship ES modules only; jest on Node 20 needs them as CommonJS.
    '^.+/node_modules/.+\\.m?js$': ['@swc/jest', { swcrc: false, module: { type: 'commonjs' }, jsc: { target: 'es2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|@formatjs)/)'],
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/worker-env.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
  // Safety net: a client left reconnecting to a deliberately dead Redis must not hold CI.
  forceExit: true,
};
