import { DEFAULT_DEFINITIONS, DEFAULT_FLOW_STATUSES } from '../domain/defaults.ts';
import { withTransaction, type Db } from '../../core/db/client.ts';
import { insertDefinitions } from '../db/definitions.ts';
import { insertFlowStatuses } from '../db/flow-statuses.ts';
import { insertOrganization, type OrganizationRow } from '../db/organizations.ts';
import { insertUser, type UserRow } from '../db/users.ts';
import { issueToken } from './issue-token.ts';

export interface NewOrganization {
  name: string;
  adminName: string;
  adminEmail: string;
}

export interface CreatedOrganization {
  org: OrganizationRow;
  admin: UserRow;
  token: string;
}

/**
 * Creates an organisation with its default definitions and flow statuses, and a first admin user
 * holding one token, all in one transaction. The token's clear text is only in the result.
 */
export function createOrganization(db: Db, input: NewOrganization): Promise<CreatedOrganization> {
  return withTransaction(db, async (tx) => {
    const org = await insertOrganization(tx, input.name);
    await insertDefinitions(tx, org.id, DEFAULT_DEFINITIONS);
    await insertFlowStatuses(tx, org.id, DEFAULT_FLOW_STATUSES);
    const admin = await insertUser(tx, org.id, { name: input.adminName, email: input.adminEmail, role: 'admin', locationIds: null });
    const { token } = await issueToken(tx, org.id, admin.id, 'initial admin token');
    return { org, admin, token };
  });
}
