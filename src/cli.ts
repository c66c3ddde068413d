import { parseArgs } from 'node:util';
import { openDatabase, dataDir } from './core/db/open.ts';
import { serve } from './server.ts';
import { createOrganization, issueTokenForEmail } from './practice/index.ts';
import { loadDemo, printDemoCredentials, saveDemoCredentials } from './demo/load-demo.ts';
import { ensurePageBuilt } from './web/index.ts';
import { pruneWebhookEvents, webhookRetentionDays } from './webhooks/index.ts';
import { auditRetentionDays, pruneReadAudit } from './audit/index.ts';

const HELP: Record<string, string> = {
  '': `chairtime — scheduling engine for clinics

Usage: chairtime <command> [options]

Commands:
  serve [--demo]                     run the HTTP API (PORT, HOST, DATABASE_URL, CHAIRTIME_DATA)
  migrate                            apply pending database migrations
  org create --name N [--json]       create an organisation; prints its id and an admin token
  demo                               load a demo practice; prints its id and an admin token
  token create --org ID --user EMAIL issue a new API token for a user
  prune [--json]                     delete webhook events and audit months past retention

Run 'chairtime <command> --help' for details. Without DATABASE_URL an embedded PostgreSQL
is started with its data in CHAIRTIME_DATA (default ./data).`,
  serve: `Usage: chairtime serve [--demo]

Serves the API on HOST:PORT (default 127.0.0.1:8080). With --demo, an empty database first
gets the demo practice, and its credentials are printed (kept in <data>/demo-credentials.json).
CHAIRTIME_ADMIN_TOKEN enables the platform admin API (POST /admin/v1/organizations).`,
  migrate: `Usage: chairtime migrate

Applies every pending migration in src/migrations and exits. The server also does this at start.`,
  org: `Usage: chairtime org create --name NAME [--admin-email EMAIL] [--admin-name NAME] [--json]

Creates an organisation with the default definitions and an admin user, and prints the
organisation id and the admin's token (shown only once). --json prints one JSON object.`,
  demo: `Usage: chairtime demo

Loads a new demo practice (two locations, operatories, providers, 300 patients, CDT codes,
appointment types) and prints its id and an admin token.`,
  token: `Usage: chairtime token create --org ORG_ID --user EMAIL

Issues a new API token for the user with EMAIL in the organisation and prints it (shown once).`,
  prune: `Usage: chairtime prune [--json]

Deletes delivered and failed-for-good webhook events older than WEBHOOK_RETENTION_DAYS (default 30)
with their deliveries and attempt log, in small batches; events with a pending delivery stay.
Drops the months of the patient-read audit whose every row is older than AUDIT_RETENTION_DAYS
(default 2190, six years), whole partitions only: no audit row is ever updated or deleted. Makes
the audit's partitions for this month and the next two. 0 keeps that data for ever. Safe to run
from cron at any rate, beside running servers (whose webhook workers also prune hourly).`,
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  demo: { type: 'boolean' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  'admin-email': { type: 'string' },
  'admin-name': { type: 'string' },
  org: { type: 'string' },
  user: { type: 'string' },
} as const;

function fail(msg: string, topic: string): never {
  process.stderr.write(`${msg}\n\n${HELP[topic] ?? HELP['']}\n`);
  process.exit(2);
}

/** Runs a command that needs the database, then closes it (and an embedded server). */
async function withDatabase(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>): Promise<void> {
  const db = await openDatabase(process.env, (msg) => process.stderr.write(msg + '\n'));
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command = '', sub] = positionals;
  if (values.help || command === 'help' || command === '') {
    process.stdout.write((HELP[command === 'help' ? sub ?? '' : command] ?? HELP['']!) + '\n');
    return;
  }
  switch (command) {
    case 'serve':
      await ensurePageBuilt((msg) => process.stderr.write(msg + '\n'));
      return serve({ demo: !!values.demo });
    case 'migrate':
      return withDatabase(async () => {
        process.stdout.write('database is up to date\n');
      });
    case 'org': {
      if (sub !== 'create') fail(`unknown org command '${sub ?? ''}'`, 'org');
      if (!values.name) fail('--name is required', 'org');
      return withDatabase(async (db) => {
        const { org, admin, token } = await createOrganization(db.pool, {
          name: values.name!, adminName: values['admin-name'] ?? 'Administrator', adminEmail: values['admin-email'] ?? 'admin@example.com',
        });
        if (values.json) {
          process.stdout.write(JSON.stringify({ org_id: org.id, name: org.name, admin_email: admin.email, token }) + '\n');
        } else {
          process.stdout.write(`organisation: ${org.id} (${org.name})\nadmin user:   ${admin.email}\ntoken:        ${token}\n`);
        }
      });
    }
    case 'demo':
      return withDatabase(async (db) => {
        const creds = await loadDemo(db.pool);
        await saveDemoCredentials(creds, dataDir(process.env));
        printDemoCredentials(creds, `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? 8080}`, dataDir(process.env));
      });
    case 'token': {
      if (sub !== 'create') fail(`unknown token command '${sub ?? ''}'`, 'token');
      if (!values.org || !values.user) fail('--org and --user are required', 'token');
      return withDatabase(async (db) => {
        const token = await issueTokenForEmail(db.pool, values.org!, values.user!);
        process.stdout.write(token + '\n');
      });
    }
    case 'prune': {
      let days: { webhooks: number; audit: number };
      try {
        days = { webhooks: webhookRetentionDays(process.env), audit: auditRetentionDays(process.env) };
      } catch (err) {
        fail((err as Error).message, 'prune');
      }
      return withDatabase(async (db) => {
        const events = await pruneWebhookEvents(db.pool, { retentionDays: days.webhooks });
        const audit = await pruneReadAudit(db.pool, { retentionDays: days.audit });
        if (values.json) {
          process.stdout.write(JSON.stringify({
            webhook_events_deleted: events, audit_partitions_dropped: audit.dropped, audit_partitions_ready: audit.ready,
          }) + '\n');
        } else {
          const kept = (d: number) => (d ? `kept ${d} days` : 'kept for ever');
          process.stdout.write(`webhook events deleted:   ${events} (${kept(days.webhooks)})\n`
            + `audit partitions dropped: ${audit.dropped.join(', ') || 'none'} (${kept(days.audit)})\n`
            + `audit partitions ready:   ${audit.ready.join(', ')}\n`);
        }
      });
    }
    default:
      fail(`unknown command '${command}'`, '');
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`chairtime: ${err.message}\n`);
  process.exit(1);
});
