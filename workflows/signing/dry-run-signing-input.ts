/**
 * The child-process side of the signing input check (check-signing-input.ts): the signing engine signs
 * the file once with a throwaway key, under the given reader limits, into a file that is then deleted.
 * It reads exactly what a real signature reads — cross-reference data, catalog, page tree, form,
 * object streams, and for a leader's draft pdf-lib's whole-file parse — so a file that passes here
 * costs the server's own process no more than these limits allow.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isCodedError } from '../../signing/errors';
import { generateKeyPair } from '../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../signing/pki/issue-certificate';
import { signPdf } from '../../signing/sign/sign-pdf';
import { Pkcs12Signer } from '../../signing/sign/signers/pkcs12-signer';
import type { Signer } from '../../signing/sign/signers/signer';
import type { SigningInputJob, WorkerAnswer } from '../validation/validation-worker-protocol';

let throwaway: { signer: Signer; until: number } | undefined;

/** A self-signed P-256 key of this process, valid for a day around now (made once per day). */
function throwawaySigner(now: Date): Signer {
  if (!throwaway || throwaway.until < now.getTime()) {
    const { publicKey, privateKey } = generateKeyPair('ec-p256');
    const certificate = issueCertificate({
      subject: [['CN', 'VanBan signing input check']],
      publicKey,
      signingKey: privateKey,
      serialNumber: randomSerial(),
      notBefore: new Date(now.getTime() - 86_400_000),
      notAfter: new Date(now.getTime() + 2 * 86_400_000),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
    });
    throwaway = {
      signer: Pkcs12Signer.fromKey(privateKey, certificate, [], { clock: () => now }),
      until: now.getTime() + 86_400_000,
    };
  }
  return throwaway.signer;
}

export async function dryRunSigningInput(job: SigningInputJob): Promise<WorkerAnswer> {
  const output = path.join(
    os.tmpdir(),
    `vanban-sign-check-${process.pid}-${randomBytes(8).toString('hex')}.pdf`,
  );
  const now = new Date();
  try {
    await signPdf({
      input: job.path,
      output,
      signer: throwawaySigner(now),
      role: job.role,
      level: 'B-B',
      signingTime: now,
      limits: job.limits,
      appearance: {
        draftFields: job.draftFields,
        documentNumber: job.role === 'attachment' ? '01/KT' : undefined,
      },
    });
    return { kind: 'signable' };
  } catch (e) {
    if (isCodedError(e))
      return {
        kind: 'refused',
        error: { code: e.code, message: e.message, messageVi: e.messageVi, details: plain(e.details) },
      };
    if (e instanceof RangeError && /call stack/i.test(e.message))
      return {
        kind: 'refused',
        error: {
          code: 'PDF_LIMIT_EXCEEDED',
          message: 'PDF exceeds the safety limit of nesting (the structure is nested too deeply)',
          messageVi: 'Tệp PDF vượt quá giới hạn an toàn về độ lồng nhau của cấu trúc',
          details: { limit: 'nesting' },
        },
      };
    return { kind: 'failed', reason: e instanceof Error ? e.message : String(e) };
  } finally {
    await rm(output, { force: true });
  }
}

/** Details as structured-clone data (no class instances, no functions). */
function plain(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return details === undefined ? undefined : (JSON.parse(JSON.stringify(details)) as Record<string, unknown>);
}
