import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { assertValidationRole } from './validation-access';
import './validation-audit-events';
import { ValidationServiceError } from './validation-service-error';

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * An admin sets the hosts whose CRL and OCSP services validations may contact (the allow-list of
 * signing/validate/crl-fetcher.ts and ocsp-fetcher.ts). Empty: revocation stays offline. Loopback and
 * private addresses stay refused whatever the list says (unless the server is configured otherwise).
 */
export async function setRevocationHosts(ctx: DomainContext, hosts: readonly string[]): Promise<string[]> {
  assertValidationRole(ctx.actor, 'trustManage');
  const list = [...new Set(hosts.map((h) => h.trim().toLowerCase()))].sort();
  for (const h of list)
    if (!HOST.test(h) || h.length > 253)
      throw new ValidationServiceError(
        'REVOCATION_HOST_INVALID',
        { vi: `Tên máy chủ không hợp lệ: ${h}`, en: `Invalid host name: ${h}` },
        { host: h },
      );
  await ctx.db.transaction(async (m) => {
    await m.query(`DELETE FROM revocation_hosts`);
    if (list.length)
      await m.query(
        `INSERT INTO revocation_hosts (host, added_by, added_at) SELECT unnest($1::text[]), $2, $3`,
        [list, ctx.actor.userId, ctx.clock.now()],
      );
    await appendAuditEvent(m, ctx, { type: 'REVOCATION_HOSTS_SET', unitId: null, payload: { hosts: list } });
  });
  return list;
}
