import { Certificate } from '../../signing/pki/certificate';
import { DEFAULT_EDXML_PROFILE, type EdxmlProfile } from '../exchange/edxml/edxml-profile';
import type { FederationPeer } from './federation-peer';
import { FederationError } from './federation-error';
import { isOrganPattern } from './organ-pattern';

/** What an administrator gives for a peer: certificates as PEM (one or several). */
export interface PeerInput {
  readonly name: string;
  readonly organPatterns: readonly string[];
  readonly baseUrl: string;
  readonly signingCertificatesPem: string;
  readonly tlsCaPem?: string | null;
  readonly enabled?: boolean;
  /** Omitted fields keep their value (on a change) or take the national SDKs' default (on a new peer). */
  readonly profile?: Partial<EdxmlProfile>;
}

export type PeerValues = Omit<FederationPeer, 'id' | 'createdAt' | 'updatedAt'>;

function certificates(field: string, pem: string, max: number): Certificate[] {
  let certs: Certificate[];
  try {
    certs = Certificate.parseAll(pem);
  } catch (e) {
    throw FederationError.invalid(field, 'Chứng thư số không đọc được', 'Unreadable certificate', {
      reason: (e as Error).message,
    });
  }
  if (certs.length < 1 || certs.length > max) {
    throw FederationError.invalid(
      field,
      `Cần từ 1 đến ${max} chứng thư số (PEM)`,
      `Give 1 to ${max} PEM certificates`,
      { count: certs.length },
    );
  }
  return certs;
}

const PROFILE_VALUES: { readonly [K in keyof EdxmlProfile]: readonly EdxmlProfile[K][] } = {
  layout: ['sdk', 'envelope'],
  attachments: ['sdk', 'zip'],
  statusForm: ['message-header', 'status'],
  signatureAlgorithm: ['rsa-sha256', 'rsa-sha1'],
};

/** A peer's edXML profile: `given` over `base` (the defaults of the national SDKs for a new peer). */
export function peerProfile(
  given: Partial<EdxmlProfile> | undefined,
  base: EdxmlProfile = DEFAULT_EDXML_PROFILE,
): EdxmlProfile {
  const out: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(given ?? {})) {
    const allowed = (PROFILE_VALUES as Record<string, readonly string[]>)[key];
    if (!allowed || !allowed.includes(String(value))) {
      throw FederationError.invalid(
        `profile.${key}`,
        `Giá trị không hợp lệ; dùng: ${allowed?.join(', ') ?? Object.keys(PROFILE_VALUES).join(', ')}`,
        `Invalid value; use: ${allowed?.join(', ') ?? Object.keys(PROFILE_VALUES).join(', ')}`,
        { value: String(value).slice(0, 40) },
      );
    }
    out[key] = String(value);
  }
  return out as unknown as EdxmlProfile;
}

/** Checks and normalises a peer: name, patterns, an https URL without credentials, PEM certificates. */
export function peerValues(input: PeerInput): PeerValues {
  const name = String(input.name ?? '')
    .normalize('NFC')
    .trim();
  if (!name || name.length > 200)
    throw FederationError.invalid(
      'name',
      'Cần tên hệ thống (tối đa 200 ký tự)',
      'A name of at most 200 characters is required',
    );
  const organPatterns = [...new Set((input.organPatterns ?? []).map((p) => String(p).trim()))];
  if (organPatterns.length === 0 || organPatterns.length > 200) {
    throw FederationError.invalid(
      'organPatterns',
      'Cần từ 1 đến 200 mã cơ quan',
      'Give 1 to 200 organisation patterns',
    );
  }
  const bad = organPatterns.filter((p) => !isOrganPattern(p));
  if (bad.length) {
    throw FederationError.invalid(
      'organPatterns',
      'Mã cơ quan phải theo QCVN 102:2016 (000.00.10.H98) hoặc dạng *.H98',
      'Patterns must be QCVN 102:2016 codes (000.00.10.H98) or suffixes such as *.H98',
      { patterns: bad.slice(0, 10) },
    );
  }
  let url: URL;
  try {
    url = new URL(String(input.baseUrl ?? ''));
  } catch {
    throw FederationError.invalid('baseUrl', 'Địa chỉ không hợp lệ', 'Not a URL');
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) {
    throw FederationError.invalid(
      'baseUrl',
      'Địa chỉ phải là https, không kèm tài khoản, tham số hay phân đoạn',
      'The address must be https, without credentials, query or fragment',
    );
  }
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const signingCertificates = certificates('signingCertificatesPem', input.signingCertificatesPem ?? '', 5);
  const tlsCaPem = input.tlsCaPem?.trim() ? input.tlsCaPem.trim() : null;
  if (tlsCaPem) certificates('tlsCaPem', tlsCaPem, 20);
  const profile = peerProfile(input.profile);
  return {
    name,
    organPatterns,
    baseUrl,
    signingCertificates,
    tlsCaPem,
    enabled: input.enabled ?? true,
    profile,
  };
}
