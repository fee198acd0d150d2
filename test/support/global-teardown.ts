export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __services?: { stop(): Promise<void> } }).__services;
  if (services) await services.stop();
}
