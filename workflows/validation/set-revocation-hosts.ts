import net from 'node:net';
import { isPrivateAddress } from '../../signing/validate/crl-fetcher';
import { appendAuditEvent } from '../audit/append-audit-event';
import type { DomainContext } from '../context';
import { assertTrustManager } from './validation-access';
import './validation-audit-events';
import { ValidationServiceError } from './validation-service-error';

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * The host as a URL holds it (WHATWG URL host parsing): `0x7f.1`, `2130706433` and `127.1` are all
 * 127.0.0.1 to the fetchers, so an address literal is judged in that form. Undefined when no URL host.
 */
function canonicalHost(host: string): string | undefined {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * An admin of the top-level unit (assertTrustManager) sets the hosts whose CRL and OCSP services
 * validations may contact (the allow-list of signing/validate/crl-fetcher.ts and ocsp-fetcher.ts).
 * Empty: revocation stays offline. Refused: anything but a DNS name or an IPv4 literal
 * (REVOCATION_HOST_INVALID), and address literals in loopback, private, link-local, CGNAT or multicast
 * ranges in any spelling (REVOCATION_HOST_PRIVATE): the fetchers refuse those addresses anyway, and the
 * list must not suggest otherwise.
 */
export async function setRevocationHosts(ctx: DomainContext, hosts: readonly string[]): Promise<string[]> {
  await assertTrustManager(ctx.db, ctx.actor);
  const list: string[] = [];
  for (const given of hosts) {
    const h = given.trim().toLowerCase();
    const canonical = HOST.test(h) && h.length <= 253 ? canonicalHost(h) : undefined;
    if (canonical === undefined)
      throw new ValidationServiceError(
        'REVOCATION_HOST_INVALID',
        { vi: `Tên máy chủ không hợp lệ: ${h}`, en: `Invalid host name: ${h}` },
        { host: h },
      );
    if (net.isIP(canonical) && isPrivateAddress(canonical))
      throw new ValidationServiceError(
        'REVOCATION_HOST_PRIVATE',
        {
          vi: `Không cho phép địa chỉ nội bộ, loopback hoặc link-local: ${h} (${canonical})`,
          en: `Loopback, private and link-local addresses are not allowed: ${h} (${canonical})`,
        },
        { host: h, address: canonical },
      );
    list.push(canonical);
  }
  const unique = [...new Set(list)].sort();
  await ctx.db.transaction(async (m) => {
    await m.query(`DELETE FROM revocation_hosts`);
    if (unique.length)
      await m.query(
        `INSERT INTO revocation_hosts (host, added_by, added_at) SELECT unnest($1::text[]), $2, $3`,
        [unique, ctx.actor.userId, ctx.clock.now()],
      );
    await appendAuditEvent(m, ctx, {
      type: 'REVOCATION_HOSTS_SET',
      unitId: ctx.actor.unitId,
      payload: { hosts: unique },
    });
  });
  return unique;
}
