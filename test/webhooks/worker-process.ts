// A delivery worker in its own process, for the test that kills one mid-delivery:
// `node --import tsx worker-process.ts <org_id> <lease_ms>` on TEST_DATABASE_URL; prints "ready" once started.
import { createPool } from '../../src/core/db/client.ts';
import { startWebhookWorker } from '../../src/webhooks/index.ts';

const [orgId, leaseMs] = process.argv.slice(2);
const pool = createPool(process.env.TEST_DATABASE_URL!, 2);
startWebhookWorker(pool, { orgIds: [orgId!], leaseMs: Number(leaseMs), pollMs: 10, timeoutMs: 60_000, listen: false });
console.log('ready');
