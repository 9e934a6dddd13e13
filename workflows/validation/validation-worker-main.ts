/**
 * Entry point of a validation process (see validation-pool.ts). It runs with a heap limit, under a
 * memory watchdog, and is killed when a file takes too long, so a hostile PDF can neither hang nor
 * exhaust the server. It validates one file at a time: in, a `WorkerRequest` message; out, a reply
 * with the same id. It says `ready` once its modules are loaded, so that the time limit counts
 * validation only. It also parses PDFs about to be signed, by a dry run of the signing engine
 * (workflows/signing/dry-run-signing-input.ts), under the same limits.
 */
import { isCodedError } from '../../signing/errors';
import { Certificate } from '../../signing/pki/certificate';
import { HttpCrlFetcher } from '../../signing/validate/crl-fetcher';
import { HttpOcspFetcher } from '../../signing/validate/ocsp-fetcher';
import { validatePdf, type RevocationFetcher } from '../../signing/validate/validate-pdf';
import { dryRunSigningInput } from '../signing/dry-run-signing-input';
import type {
  IsolatedJob,
  OnlineRevocation,
  WorkerAnswer,
  WorkerMessage,
  WorkerRequest,
} from './validation-worker-protocol';

/** Fetchers keep their caches between files; one pair per distinct configuration. */
const fetchers = new Map<string, RevocationFetcher>();

function fetcherFor(online: OnlineRevocation): RevocationFetcher {
  const key = JSON.stringify(online);
  let f = fetchers.get(key);
  if (!f) {
    // Only the members set: an explicit undefined would replace the fetchers' defaults.
    const rules = Object.fromEntries(
      Object.entries({
        allowList: online.allowList,
        allowPrivateAddresses: online.allowPrivateAddresses,
        timeoutMs: online.timeoutMs,
      }).filter(([, v]) => v !== undefined),
    );
    const crl = new HttpCrlFetcher(rules);
    const ocsp = new HttpOcspFetcher(rules);
    f = { fetchCrls: (c) => crl.fetchCrls(c), fetchOcsp: (c, issuer) => ocsp.fetchOcsp(c, issuer) };
    if (fetchers.size > 16) fetchers.clear();
    fetchers.set(key, f);
  }
  return f;
}

async function validate(job: IsolatedJob): Promise<WorkerAnswer> {
  try {
    const trustAnchors = job.trustAnchorsDer.map((der) => Certificate.fromDer(Buffer.from(der)));
    const input = job.path ?? Buffer.from(job.bytes!);
    const result = await validatePdf(input, {
      trustAnchors,
      at: new Date(job.at),
      revocation: job.online ? { offline: false, fetcher: fetcherFor(job.online) } : { offline: true },
      devMode: job.devMode,
      evidence: job.evidence && {
        crls: job.evidence.crls?.map((d) => Buffer.from(d)),
        ocsps: job.evidence.ocsps?.map((d) => Buffer.from(d)),
      },
    });
    // Plain data only (the result is frozen; structured clone copies it as it is).
    return { kind: 'result', result: JSON.parse(JSON.stringify(result)) };
  } catch (e) {
    if (isCodedError(e) && e.code === 'VALIDATION_UNREADABLE')
      return { kind: 'unreadable', reason: String(e.details?.reason ?? e.message) };
    return { kind: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
}

// A child process of the pool (IPC): it ends with its parent (the channel closes).
if (process.send) {
  process.on('message', (m: WorkerRequest) => {
    const work = m.job.kind === 'signing-input' ? dryRunSigningInput(m.job) : validate(m.job);
    void work.then((answer) => process.send!({ type: 'reply', id: m.id, answer } satisfies WorkerMessage));
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready' } satisfies WorkerMessage);
}
