/** Messages between the validation pool and its processes (IPC, structured-clone data). */
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
  /** The file to validate (read by the worker, bounded memory) — or its bytes. */
  readonly path?: string;
  readonly bytes?: Uint8Array;
  /** Validation time, ISO 8601. */
  readonly at: string;
  readonly trustAnchorsDer: readonly Uint8Array[];
  readonly online?: OnlineRevocation;
  readonly devMode?: boolean;
}

export interface WorkerRequest {
  readonly id: number;
  readonly job: IsolatedJob;
}

export type WorkerAnswer =
  | { readonly kind: 'result'; readonly result: DocumentValidation }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export type WorkerMessage =
  { readonly type: 'ready' } | { readonly type: 'reply'; readonly id: number; readonly answer: WorkerAnswer };
