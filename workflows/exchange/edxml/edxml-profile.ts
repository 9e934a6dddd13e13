import type { EdxmlAttachmentConvention } from './edxml-attachment';

/**
 * What another system's edXML looks like — per federation peer (docs/edxml-federation.md, conformance
 * table). The defaults are the national SDKs' conventions (VNPT EdXML102, Bkav eDoc), which the national
 * document axis (Trục liên thông văn bản quốc gia) and most provincial systems run.
 */
export interface EdxmlProfile {
  /**
   * `sdk`: the outer `<edXML xmlns="…QCVN_102_2016">` root around `edXML:edXMLEnvelope`, `edXMLManifest`,
   * `AttachmentEncoded` beside the envelope; `envelope`: `edXML:edXMLEnvelope` as the root with everything
   * inside (this server's layout before). Both are always read.
   */
  readonly layout: 'sdk' | 'envelope';
  /** edxml-attachment.ts: `sdk` PDF/Word/Excel plain, the rest zipped as application/zip; `zip` every file zipped. */
  readonly attachments: EdxmlAttachmentConvention;
  /**
   * Status messages: `message-header` — an `edXML:MessageHeader` carrying ResponseFor, From, StatusCode,
   * Description, Timestamp, StaffInfo (the SDKs' StatusXmlBuilder); `status` — an `edXML:Status` element.
   * Both are always read.
   */
  readonly statusForm: 'message-header' | 'status';
  /**
   * What the peer signs with. `rsa-sha1` lets its RSA-SHA1 / SHA-1 signatures in (recorded as weak on
   * what arrives); this server always signs RSA-SHA256.
   */
  readonly signatureAlgorithm: 'rsa-sha256' | 'rsa-sha1';
}

export const DEFAULT_EDXML_PROFILE: EdxmlProfile = Object.freeze({
  layout: 'sdk',
  attachments: 'sdk',
  statusForm: 'message-header',
  signatureAlgorithm: 'rsa-sha256',
});

/** The profile a stored (possibly partial, possibly older) JSON value stands for: defaults fill the gaps. */
export function edxmlProfile(stored: Partial<EdxmlProfile> | null | undefined): EdxmlProfile {
  const s = stored ?? {};
  return {
    layout: s.layout === 'envelope' ? 'envelope' : 'sdk',
    attachments: s.attachments === 'zip' ? 'zip' : 'sdk',
    statusForm: s.statusForm === 'status' ? 'status' : 'message-header',
    signatureAlgorithm: s.signatureAlgorithm === 'rsa-sha1' ? 'rsa-sha1' : 'rsa-sha256',
  };
}
