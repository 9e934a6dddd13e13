/** Messages between the validation pool and its processes (IPC, structured-clone data). */
import type { PdfLimits } from '../../signing/pdf';
import type { DocumentValidation } from '../../signing/validate/validation-result';

/** Online revocation rules (signing/validate/crl-fetcher.ts, ocsp-fetcher.ts); absent = offline. */
export interface OnlineRevocation {
  /** Host names that may be contacted; every public host when absent. */
  readonly allowList?: readonly string[];
  /** Loopback and private addresses (a development PKI on localhost). Default false. */
  readonly allowPrivateAddresses?: boolean;
  readonly timeoutMs?: number;
}

export interface IsolatedJob {
  readonly kind?: undefined;
  /** The file to validate (read by the worker, bounded memory) — or its bytes. */
  readonly path?: string;
  readonly bytes?: Uint8Array;
  /** Validation time, ISO 8601. */
  readonly at: string;
  readonly trustAnchorsDer: readonly Uint8Array[];
  readonly online?: OnlineRevocation;
  readonly devMode?: boolean;
  /** Revocation evidence the auditor holds (DER CRLs and OCSP responses), used beside the file's. */
  readonly evidence?: { readonly crls?: readonly Uint8Array[]; readonly ocsps?: readonly Uint8Array[] };
}

/**
 * A PDF about to be signed, parsed by a dry run of the signing engine under limits
 * (workflows/signing/check-signing-input.ts) before the server signs it.
 */
export interface SigningInputJob {
  readonly kind: 'signing-input';
  readonly path: string;
  readonly role: 'leader' | 'org' | 'attachment';
  /** The leader's signature may first add the number/date fields (pdf-lib). */
  readonly draftFields: boolean;
  readonly limits: Readonly<Partial<PdfLimits>>;
}

/** What a process is given: a validation (IsolatedJob has no kind) or a signing input. */
export type PoolJob = IsolatedJob | SigningInputJob;

export interface WorkerRequest {
  readonly id: number;
  readonly job: PoolJob;
}

/** A coded error of the signing input's dry run (PDF_*, SIGN_*), as plain data. */
export interface RefusedInput {
  readonly code: string;
  readonly message: string;
  readonly messageVi: string;
  readonly details?: Record<string, unknown>;
}

export type WorkerAnswer =
  | { readonly kind: 'result'; readonly result: DocumentValidation }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'signable' }
  | { readonly kind: 'refused'; readonly error: RefusedInput };

export type WorkerMessage =
  { readonly type: 'ready' } | { readonly type: 'reply'; readonly id: number; readonly answer: WorkerAnswer };
