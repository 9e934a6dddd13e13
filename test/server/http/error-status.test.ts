import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../../server/http/error-codes';
import { ERROR_STATUS, SERVER_FAULT_CODES, errorStatus } from '../../../server/http/error-status';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/**
 * Every code the sources can raise: literal first arguments of `new …Error(` / `new CodedError(` and of
 * `super(` in error classes, and the members of every `…ErrorCode` type. ConfigError's first argument
 * is the variable's name (its code is CONFIG_INVALID), so it is left out.
 */
function codesInSources(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of ['server', 'workflows', 'signing', 'storage'].flatMap(sources)) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/new (\w*Error)\(\s*'([A-Z][A-Z0-9_]+)'/g))
      if (m[1] !== 'ConfigError') found.set(m[2]!, file);
    for (const m of text.matchAll(/super\(\s*'([A-Z][A-Z0-9_]+)'/g)) found.set(m[1]!, file);
    for (const m of text.matchAll(/export type \w+ErrorCode =([^;]*);/g))
      for (const c of m[1]!.matchAll(/'([A-Z][A-Z0-9_]+)'/g)) found.set(c[1]!, file);
  }
  return found;
}

/** Issue 9 item 13: one exhaustive code → status table; no input-caused code answers 500. */
describe('server/http error status table (issue 9 item 13)', () => {
  it('maps every code raised anywhere in the sources (an untyped class included) to its own status', () => {
    const found = codesInSources();
    expect(found.size).to.be.greaterThan(150);
    const missing = [...found].filter(([code]) => !Object.hasOwn(ERROR_STATUS, code));
    expect(missing, 'codes without a status (add them to ErrorCode and ERROR_STATUS)').to.deep.equal([]);
  });

  it('answers 500 only for the declared server faults; 5xx otherwise means an unavailable dependency (502/503)', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS) as [ErrorCode, number][]) {
      if (SERVER_FAULT_CODES.includes(code)) expect(status, code).to.equal(500);
      else if (status >= 500) expect([502, 503], code).to.include(status);
      else expect(status, code).to.be.within(400, 499);
    }
    expect(SERVER_FAULT_CODES.every((c) => Object.hasOwn(ERROR_STATUS, c))).to.equal(true);
  });

  it('the codes that fell to 500 are client errors now', () => {
    const codes: ErrorCode[] = [
      'PDF_LIMIT_EXCEEDED',
      'PDF_UNSUPPORTED_FILTER',
      'PDF_MALFORMED',
      'CMS_MALFORMED',
      'CMS_UNSUPPORTED',
      'ASN1_MALFORMED',
      'OCSP_MALFORMED_REQUEST',
      'VALIDATION_UNREADABLE',
      'CERTIFICATE_INPUT_INVALID',
      'REVOCATION_EVIDENCE_INVALID',
    ];
    expect(codes.map((c) => [c, errorStatus(c) >= 400 && errorStatus(c) < 500])).to.deep.equal(
      codes.map((c) => [c, true]),
    );
  });

  it('a code outside the table is a server fault (500)', () => {
    expect(errorStatus('NO_SUCH_CODE_NOT_FOUND')).to.equal(500);
    expect(errorStatus('toString')).to.equal(500);
  });

  it('the table is exhaustive at compile time', () => {
    // @ts-expect-error a table that leaves out any code of ErrorCode does not type-check (npm test runs tsc)
    const partial: Record<ErrorCode, number> = { INVALID_JSON: 400 };
    expect(Object.keys(partial)).to.have.length(1);
  });
});
