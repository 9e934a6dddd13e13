import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodedError } from '../../../signing/errors';
import { PdfDict, PdfReader, PdfRef, PdfStream, type PdfValue } from '../../../signing/pdf';
import { Lexer } from '../../../signing/pdf/lexer';
import { ObjectParser } from '../../../signing/pdf/parser';
import { sameValue } from '../../../signing/validate/diff-analysis';

const CORPUS = path.join(__dirname, '../../fixtures/corpus');
const KEYS: ReadonlySet<string> = new Set(['Kids', 'Contents', 'Type']);

/** The entries of `keys` in a parsed value (a dictionary's, or a stream's dictionary's). */
function wanted(v: PdfValue): PdfValue | Map<string, PdfValue | undefined> {
  const d = v instanceof PdfStream ? v.dict : v;
  if (!(d instanceof PdfDict)) return v;
  return new Map([...KEYS].map((k) => [k, d.get(k)]));
}

function same(a: ReturnType<typeof wanted>, b: ReturnType<typeof wanted>): boolean {
  return sameWanted(a, b);
}

function sameWanted(a: ReturnType<typeof wanted>, b: ReturnType<typeof wanted>): boolean {
  if (a instanceof Map && b instanceof Map) return [...a].every(([k, v]) => sameValue(v, b.get(k)));
  if (a instanceof Map || b instanceof Map) return false;
  return sameValue(a, b);
}

type Outcome = { ok: true; value: ReturnType<typeof wanted> } | { ok: false; error: unknown };

function outcome(fn: () => PdfValue): Outcome {
  try {
    return { ok: true, value: wanted(fn()) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** xorshift32: reproducible mutations. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const PAGE = Buffer.from(
  '<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595.28 841.89] /Annots [12 0 R 13 0 R]\n' +
    '/Resources << /Font << /F1 4 0 R /F2 5 0 R /F#233 6 0 R >> /ProcSet [/PDF /Text] ' +
    '/ExtGState << /G0 << /CA .5 /ca -.5 /BM /Normal >> >> >>\n' +
    '/Contents [7 0 R 8 0 R] /Kids null /StructParents 0 /Tabs /S /PieceInfo << /X (a (nested\\) string)\\\r\n' +
    'with escapes \\101\\n) /H <48656C6C6F> /N [1 2 +3 --4 5. .6 007 1e5 true false null] >> >>',
  'latin1',
);

describe('signing/pdf reading only some keys of a dictionary', () => {
  it('reads the same wanted values as a full parse for every object of the corpus', () => {
    let compared = 0;
    for (const dir of ['node-signpdf', 'pyhanko']) {
      for (const f of fs.readdirSync(path.join(CORPUS, dir)).filter((x) => x.endsWith('.pdf'))) {
        let full: PdfReader;
        let partial: PdfReader;
        try {
          const bytes = fs.readFileSync(path.join(CORPUS, dir, f));
          full = PdfReader.open(bytes);
          partial = PdfReader.open(bytes);
        } catch (e) {
          expect(e, f).to.be.instanceOf(CodedError);
          continue;
        }
        full.revisions.forEach((rev, i) => {
          for (const [num, e] of rev.entries) {
            if (e.type === 'free') continue;
            const ref = PdfRef.of(num, e.gen);
            const a = outcome(() => full.getObjectAt(ref, i));
            const b = outcome(() => partial.getObjectKeysAt(ref, i, KEYS));
            if (!a.ok) continue; // a stream without endstream: the partial read does not look for it
            expect(b.ok, `${dir}/${f} ${ref.key}`).to.equal(true);
            expect(
              same(a.value, (b as { value: ReturnType<typeof wanted> }).value),
              `${dir}/${f} ${ref.key}`,
            ).to.equal(true);
            compared++;
          }
        });
      }
    }
    expect(compared).to.be.greaterThan(1000);
  });

  it('agrees with a full parse on 20,000 mutations of a page dictionary (same values, or both refuse)', () => {
    const next = random(0x5eed);
    const alphabet = Buffer.from('<>[]()/\\ \n\r%#0123456789.+-RnullobjstreamendKidsContents', 'latin1');
    let refusedBoth = 0;
    for (let i = 0; i < 20_000; i++) {
      const b = Buffer.from(PAGE);
      const edits = 1 + Math.floor(next() * 4);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(next() * b.length);
        b[at] = next() < 0.7 ? alphabet[Math.floor(next() * alphabet.length)] : Math.floor(next() * 256);
      }
      const cut = next() < 0.2 ? b.subarray(0, Math.floor(next() * b.length)) : b;
      const full = outcome(() => new ObjectParser(new Lexer(cut, 0, 0, true)).parseValue());
      const partial = outcome(() => new ObjectParser(new Lexer(cut, 0, 0, true)).parseValueKeys(KEYS));
      expect(partial.ok, `case ${i}: ${cut.toString('latin1')}`).to.equal(full.ok);
      if (full.ok && partial.ok) expect(same(full.value, partial.value), `case ${i}`).to.equal(true);
      else refusedBoth++;
    }
    expect(refusedBoth).to.be.greaterThan(100);
  });

  it('skips nested dictionaries of any tokens to where a full parse ends, or refuses as it does (20,000 generated)', () => {
    const next = random(0xd1c7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    // Mostly what the one-pass skip takes (names, numbers, references, hex strings, nesting), with
    // what sends it back to the token-by-token skip (strings, comments, keywords, stray brackets).
    const tokens = [
      '/F1', '/Times-Roman-7098480789', '/', '/A#20B', '4 0 R', '12 0 R', '0', '-.5', '+3', '1.5.3',
      'true', 'false', 'null', 'R', '<48656C6C6F>', '<>', '<4>', '<<', '>>', '[', ']', '<< /X 1 >>',
      '[1 2 3]', '(str)', '(a (b) \\) c)', '% note\n', 'endobj', 'stream', 'obj', '{', '}', ')', '>', '<',
      '\n', ' ', '\r\n', '\t', '\0',
    ]; // prettier-ignore
    let same = 0;
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const parts = ['<< /Type /Page /Resources <<'];
      const n = Math.floor(next() * 40);
      for (let k = 0; k < n; k++) parts.push(next() < 0.6 ? pick(tokens.slice(0, 22)) : pick(tokens));
      parts.push(next() < 0.8 ? '>> /Contents 7 0 R >>' : pick(['>>', '', '>> >> >>']));
      const bytes = Buffer.from(parts.join(' '), 'latin1');
      const atEnd = next() < 0.8;
      const window = atEnd ? bytes : bytes.subarray(0, Math.floor(next() * bytes.length));
      const run = (partial: boolean) => {
        const lx = new Lexer(window, 0, 0, atEnd);
        const p = new ObjectParser(lx);
        try {
          const v = partial ? p.parseValueKeys(KEYS) : p.parseValue();
          return { ok: true as const, value: wanted(v), pos: lx.pos };
        } catch (e) {
          return { ok: false as const, kind: (e as { code?: string }).code ?? (e as Error).constructor.name };
        }
      };
      const full = run(false);
      const partial = run(true);
      const label = `case ${i}: ${window.toString('latin1')}`;
      expect(partial.ok, label).to.equal(full.ok);
      if (full.ok && partial.ok) {
        expect(partial.pos, label).to.equal(full.pos);
        expect(sameWanted(full.value, partial.value), label).to.equal(true);
        same++;
      } else {
        expect((partial as { kind: string }).kind, label).to.equal((full as { kind: string }).kind);
        refused++;
      }
    }
    expect(same).to.be.greaterThan(1000);
    expect(refused).to.be.greaterThan(1000);
  });

  it('reads deeply nested dictionaries refused at every level (a string innermost) as a full parse does', () => {
    for (const depth of [1, 7, 8, 9, 40, 98, 99, 100, 101]) {
      const nested = '<< /A '.repeat(depth) + '(x >> y)' + ' >>'.repeat(depth);
      const bytes = Buffer.from(`<< /Type /Page /Resources ${nested} /Contents 7 0 R >>`, 'latin1');
      const run = (partial: boolean) => {
        const lx = new Lexer(bytes, 0, 0, true);
        try {
          const p = new ObjectParser(lx);
          const v = partial ? p.parseValueKeys(KEYS) : p.parseValue();
          return { ok: true, value: wanted(v), pos: lx.pos };
        } catch (e) {
          return { ok: false, code: (e as { code?: string }).code };
        }
      };
      const full = run(false);
      const partial = run(true);
      expect(partial.ok, `depth ${depth}`).to.equal(full.ok);
      if (full.ok) {
        expect(partial.pos, `depth ${depth}`).to.equal(full.pos);
        expect(sameWanted(full.value!, partial.value!), `depth ${depth}`).to.equal(true);
      } else expect(partial.code, `depth ${depth}`).to.equal(full.code);
    }
  });

  it('asks for more bytes at a window end exactly where a full parse does', () => {
    for (let cut = 1; cut < PAGE.length; cut++) {
      const window = PAGE.subarray(0, cut);
      const full = outcome(() => new ObjectParser(new Lexer(window, 0, 0, false)).parseValue());
      const partial = outcome(() => new ObjectParser(new Lexer(window, 0, 0, false)).parseValueKeys(KEYS));
      // Both need more data (the dictionary is cut), whatever key the cut falls in.
      expect(full.ok, `cut ${cut}`).to.equal(false);
      expect(partial.ok, `cut ${cut}`).to.equal(false);
      expect((partial as { error: unknown }).error?.constructor.name, `cut ${cut}`).to.equal(
        (full as { error: unknown }).error?.constructor.name,
      );
    }
  });

  it('leaves the skipped values unbuilt and the wanted ones whole', () => {
    const v = new ObjectParser(new Lexer(PAGE, 0, 0, true)).parseValueKeys(KEYS) as PdfDict;
    expect([...v.keys()]).to.have.members(['Type', 'Contents']); // /Kids null is absent (§7.3.7)
    expect(v.getName('Type')).to.equal('Page');
    expect((v.get('Contents') as PdfRef[]).map((r) => r.key)).to.deep.equal(['7 0', '8 0']);
  });
});
