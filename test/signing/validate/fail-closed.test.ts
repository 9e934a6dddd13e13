/**
 * Issue 9 item 9: a signature's indication is built from positive facts; no code path reaches
 * TOTAL_PASSED otherwise.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import {
  documentIndication,
  indicationOf,
  revocationKnown,
  type SignatureFacts,
} from '../../../signing/validate/indication';
import type { CertificateSummary, SignatureValidation } from '../../../signing/validate/validation-result';

const FACTS: (keyof SignatureFacts)[] = [
  'intact',
  'modificationsAllowed',
  'algorithmsAcceptable',
  'chainTrusted',
  'revocationKnown',
];

/**
 * The modules allowed to produce TOTAL_PASSED: a signature's indication (indicationOf), and the
 * certificate checker's own verdict (check-certificate.ts: TOTAL_PASSED only with a path, every
 * check passed and revocation known; covered by its own tests).
 */
const PRODUCERS = new Set(['indication.ts', 'check-certificate.ts']);

/** Every source file of signing/validate/, the report code included. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('signing/validate fail closed (issue 9 item 9)', () => {
  it('TOTAL_PASSED exactly when every fact holds and no check gave a verdict (all 2⁵ × 2 cases)', () => {
    for (let mask = 0; mask < 1 << FACTS.length; mask++) {
      const facts = Object.fromEntries(
        FACTS.map((f, i) => [f, (mask & (1 << i)) !== 0]),
      ) as unknown as SignatureFacts;
      const all = mask === (1 << FACTS.length) - 1;
      const none = indicationOf(facts, undefined);
      expect(none.indication === 'TOTAL_PASSED', JSON.stringify(facts)).to.equal(all);
      if (!all) expect(none.sub, JSON.stringify(facts)).to.be.a('string');
      for (const verdict of [
        { indication: 'INDETERMINATE', sub: 'TRY_LATER' },
        { indication: 'TOTAL_FAILED', sub: 'HASH_FAILURE' },
      ] as const)
        expect(indicationOf(facts, verdict)).to.deep.equal({
          indication: verdict.indication,
          sub: verdict.sub,
        });
    }
  });

  it('a missing fact names itself: modifications → TOTAL_FAILED/FORMAT_FAILURE, revocation → TRY_LATER', () => {
    const allTrue = Object.fromEntries(FACTS.map((f) => [f, true])) as unknown as SignatureFacts;
    expect(indicationOf({ ...allTrue, modificationsAllowed: false }, undefined)).to.deep.equal({
      indication: 'TOTAL_FAILED',
      sub: 'FORMAT_FAILURE',
    });
    expect(indicationOf({ ...allTrue, revocationKnown: false }, undefined)).to.deep.equal({
      indication: 'INDETERMINATE',
      sub: 'TRY_LATER',
    });
  });

  it('revocation is known only when every certificate below the anchor has a status', () => {
    const c = (revocation: CertificateSummary['revocation']) => ({ revocation }) as CertificateSummary;
    expect(revocationKnown([])).to.equal(false);
    expect(revocationKnown([c('good'), c('good'), c('trust-anchor')])).to.equal(true);
    expect(revocationKnown([c('good'), c('unknown'), c('trust-anchor')])).to.equal(false);
    // Revoked after a proof of existence: known; whether it fails is the path check's verdict.
    expect(revocationKnown([c('revoked'), c('trust-anchor')])).to.equal(true);
  });

  it('the document passes only with signatures, all passing', () => {
    const s = (indication: SignatureValidation['indication']) => ({ indication }) as SignatureValidation;
    expect(documentIndication([])).to.equal(undefined);
    expect(documentIndication([s('TOTAL_PASSED'), s('TOTAL_PASSED')])).to.equal('TOTAL_PASSED');
    expect(documentIndication([s('TOTAL_PASSED'), s('INDETERMINATE')])).to.equal('INDETERMINATE');
    expect(documentIndication([s('INDETERMINATE'), s('TOTAL_FAILED')])).to.equal('TOTAL_FAILED');
  });

  it('no other code in signing/validate/ produces the value TOTAL_PASSED (it may only compare with it)', () => {
    const root = path.join(__dirname, '../../../signing/validate');
    const producers: string[] = [];
    let seen = 0;
    for (const file of sources(root)) {
      if (PRODUCERS.has(path.relative(root, file))) continue;
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isStringLiteral(node) && node.text === 'TOTAL_PASSED') {
          seen++;
          const parent = node.parent;
          const comparison =
            ts.isBinaryExpression(parent) &&
            [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
              parent.operatorToken.kind,
            );
          const type = ts.isLiteralTypeNode(parent);
          if (!comparison && !type) {
            const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
            producers.push(`${path.relative(root, file)}:${line + 1}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(seen, 'the scan finds the comparisons and the type').to.be.greaterThan(2);
    expect(producers).to.deep.equal([]);
  });
});
