import type { JobHandler } from '../../workflows/exchange/job';
import { EDXML_SEND_JOB } from '../../workflows/exchange/send-document';
import { deliverEdxmlDocument } from '../../workflows/federation/deliver-edxml-document';
import { deliverEdxmlStatus, EDXML_STATUS_JOB } from '../../workflows/federation/deliver-edxml-status';
import type { FederationDeps } from '../../workflows/federation/federation-deps';

/**
 * The federation handlers the server's worker runs: `edxml.send` (a document package to the peer of an
 * external organisation: new, recall, update, replace) and `edxml.status` (a status of an externally
 * received document back to its sender's system).
 */
export function edxmlJobHandlers(deps: FederationDeps): Record<string, JobHandler> {
  return {
    [EDXML_SEND_JOB]: deliverEdxmlDocument(deps),
    [EDXML_STATUS_JOB]: deliverEdxmlStatus(deps),
  };
}
