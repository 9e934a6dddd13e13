import type { Signer } from '../../signing/sign/signers/signer';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { EdxmlLimits } from '../exchange/edxml/read-edxml-message';
import type { PeerTransport } from './peer-transport';

/** What edXML exchange needs besides the database and the clock. */
export interface FederationDeps {
  readonly objects: ObjectStore;
  /**
   * The server's edXML signing key (a PKCS#12 in production, the development PKI's organisation key in
   * development); throws FEDERATION_SIGNER_UNAVAILABLE when none is configured.
   */
  readonly signer: () => Promise<Signer>;
  readonly transport: PeerTransport;
  /** Limits of messages received and built (default DEFAULT_EDXML_LIMITS: 64 MiB, 50 files). */
  readonly limits?: Partial<EdxmlLimits>;
}
