// Commit hooks run once a transaction commits, never for what rolled back. The request transaction's "did a
// statement fail?" must not trust a status that has not arrived yet: pg rejects a statement on the server's
// ErrorResponse, and the ReadyForQuery that says the transaction is aborted may come in a later packet. A proxy
// that holds that ReadyForQuery back makes the late arrival certain.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { afterCommit, beginRequestTransaction, createPool, endRequestTransaction, requestTransactionFailed, withTransaction } from '../../src/core/db/client.ts';
import { testPool } from '../helpers.ts';

/**
 * A TCP proxy to the test server that passes the backend's messages on as they come, except that a ReadyForQuery
 * ('Z') following an ErrorResponse ('E') is sent `delayMs` later, in a packet of its own.
 */
async function slowAfterErrorProxy(target: URL, delayMs: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    let startup = true; // the first byte may be 'N'/'S' of an SSL refusal, not a message
    let afterError = false;
    let out = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const messages: Buffer[] = [];
      if (startup && pending.length && (pending[0] === 0x4e || pending[0] === 0x53) && pending.length === 1) {
        messages.push(pending);
        pending = Buffer.alloc(0);
      }
      startup = false;
      while (pending.length >= 5) {
        const len = pending.readInt32BE(1) + 1;
        if (pending.length < len) break;
        messages.push(pending.subarray(0, len));
        pending = pending.subarray(len);
      }
      for (const m of messages) {
        const type = String.fromCharCode(m[0]!);
        const hold = type === 'Z' && afterError;
        afterError = type === 'E';
        out = out.then(async () => {
          if (hold) await new Promise((r) => setTimeout(r, delayMs));
          if (!client.destroyed) client.write(m);
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('request transaction', () => {
  const target = new URL(process.env.TEST_DATABASE_URL!);
  let close: (() => Promise<void>) | undefined;
  after(async () => close?.());

  it('counts a failed statement as failed even when the server\'s "aborted" status arrives after the error', async () => {
    const proxy = await slowAfterErrorProxy(target, 100);
    close = proxy.close;
    const url = new URL(target);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const pool = createPool(url.toString(), 1);
    try {
      const rt = await beginRequestTransaction(pool);
      try {
        await assert.rejects(rt.client!.query('SELECT 1/0'), /division by zero/);
        assert.equal(await requestTransactionFailed(rt), true);
      } finally {
        await endRequestTransaction(rt, 'ROLLBACK');
      }
      const ok = await beginRequestTransaction(pool);
      try {
        await ok.client!.query('SELECT 1');
        assert.equal(await requestTransactionFailed(ok), false);
      } finally {
        await endRequestTransaction(ok, 'ROLLBACK');
      }
    } finally {
      await pool.end();
    }
  });
});

describe('afterCommit', () => {
  after(async () => testPool().end());
  const ran: string[] = [];
  const hook = (name: string) => (pool: unknown) => {
    assert.equal(pool, testPool());
    ran.push(name);
  };

  it('runs a hook once the transaction has committed, and never one of a transaction or savepoint that rolled back', async () => {
    ran.length = 0;
    await withTransaction(testPool(), async (tx) => {
      afterCommit(tx, hook('outer'));
      await assert.rejects(withTransaction(tx, async (inner) => {
        afterCommit(inner, hook('rolled-back savepoint'));
        throw new Error('undo');
      }));
      await withTransaction(tx, async (inner) => afterCommit(inner, hook('released savepoint')));
      assert.deepEqual(ran, []);
    });
    assert.deepEqual(ran, ['outer', 'released savepoint']);

    ran.length = 0;
    await assert.rejects(withTransaction(testPool(), async (tx) => {
      afterCommit(tx, hook('rolled back'));
      throw new Error('undo');
    }));
    // A failed statement makes COMMIT answer ROLLBACK: nothing ran, so nothing is announced.
    await withTransaction(testPool(), async (tx) => {
      afterCommit(tx, hook('aborted'));
      await tx.query('SELECT 1/0').catch(() => undefined);
    });
    assert.deepEqual(ran, []);
  });

  it('runs at once outside a transaction, after COMMIT of a request transaction, never after its ROLLBACK', async () => {
    ran.length = 0;
    afterCommit(testPool(), hook('no transaction'));
    assert.deepEqual(ran, ['no transaction']);
    for (const end of ['ROLLBACK', 'COMMIT'] as const) {
      const rt = await beginRequestTransaction(testPool());
      afterCommit(rt.client!, hook(end));
      await endRequestTransaction(rt, end);
    }
    assert.deepEqual(ran, ['no transaction', 'COMMIT']);
  });

  it('refuses a client in a transaction it did not see begin', async () => {
    const client = await testPool().connect();
    try {
      assert.throws(() => afterCommit(client, hook('foreign')), /no transaction begun by withTransaction/);
    } finally {
      client.release();
    }
  });
});
