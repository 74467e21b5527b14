import { startSandbox } from '../sandbox/index.js';

/**
 * A sandbox in a process of its own, as Personalize is to the servers: it stamps each request's
 * arrival on a clock that a busy client process cannot stall. Started by remote-sandbox.ts over IPC;
 * answers 'stats' with the requests seen so far, and exits when its parent goes.
 */
const rateLimit = Number(process.argv[2] ?? 10);
const sandbox = await startSandbox({ rateLimit });
process.on('message', (m: { type?: string; id?: number }) => {
  if (m?.type === 'stats') process.send!({ type: 'stats', id: m.id, requests: sandbox.requests, peakPerSecond: sandbox.peakPerSecond() });
});
const stop = () => void sandbox.close().finally(() => process.exit(0));
process.once('disconnect', stop);
process.once('SIGTERM', stop);
process.send!({ type: 'ready', url: sandbox.url, edgeUrl: sandbox.edgeUrl, demo: sandbox.demo });
