import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import type { ObjectStore, ObjectVersion, StoredObject } from '../../../storage/objects/object-store';
import { ObjectStoreError } from '../../../storage/objects/object-store-error';

/** The clock the suite moves; the harness hands it to the store it builds. */
export class TestClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(moment: Date): void {
    this.current = new Date(moment.getTime());
  }
}

/** What a backend provides to run the shared suite against it. */
export interface ObjectStoreHarness {
  readonly store: ObjectStore;
  /** Changes the stored bytes of an object behind the store's back, keeping its size. */
  corrupt(sha256: string): Promise<void>;
  /** Makes the backend unreachable (server stopped, directory gone). */
  takeDown(): Promise<void>;
  /** Leftovers of failed writes that someone could see: temp files, spool files, stray keys. */
  garbage(): Promise<string[]>;
  dispose(): Promise<void>;
  /**
   * A server backend: the same requests sent by a plain client, past the store's own up-front checks,
   * to prove that the server itself enforces the lock. Both must be refused (reject) while locked.
   */
  readonly behindTheStore?: {
    deleteVersion(sha256: string, versionId: string): Promise<void>;
    shortenRetention(sha256: string, retainUntil: Date): Promise<void>;
  };
}

async function expectRefusedByServer(what: string, p: Promise<void>): Promise<void> {
  let refused = false;
  await p.catch(() => (refused = true));
  expect(refused, `${what} was accepted by the server`).to.equal(true);
}

export type ObjectStoreHarnessFactory = (clock: TestClock) => Promise<ObjectStoreHarness>;

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The result of a put without its version id (which only versioned backends give). */
const withoutVersion = ({ versionId: _versionId, ...rest }: StoredObject) => rest;

/** Streams `bytes` in chunks of `chunkSize`, optionally failing after `failAfter` bytes. */
function chunked(bytes: Buffer, chunkSize: number, failAfter?: number): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < bytes.length; offset += chunkSize) {
        if (failAfter !== undefined && offset >= failAfter) throw new Error('source broke half-way');
        yield bytes.subarray(offset, offset + chunkSize);
      }
    })(),
  );
}

/** Reads a whole object stream; resolves only if the stream ends without error. */
async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(chunks);
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<ObjectStoreError> {
  try {
    await promise;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(ObjectStoreError);
    expect((e as ObjectStoreError).code).to.equal(code);
    expect((e as ObjectStoreError).messageVi)
      .to.be.a('string')
      .and.not.equal('');
    return e as ObjectStoreError;
  }
  expect.fail(`expected ${code}, but the operation succeeded`);
}

/**
 * The one conformance suite every ObjectStore implementation must pass (STYLE.md, Persistence).
 * Each test gets a fresh, empty store.
 */
/**
 * Registers the suite for one backend. `capabilities.retention` decides, when the suite is defined,
 * which retention tests apply: the object-lock ones, or the one proving that a backend without
 * object lock refuses retention instead of ignoring it.
 */
export function objectStoreConformance(
  backend: string,
  factory: ObjectStoreHarnessFactory,
  capabilities: {
    readonly retention: boolean;
    /**
     * The backend enforces retention by its own clock (a real S3 server): the retention cases then
     * start at the real now, use seconds instead of days and wait for a date to pass instead of moving
     * the test clock (the harness gives the store the system clock).
     */
    readonly serverClock?: boolean;
    /** Register only the retention and legal-hold cases (the rest runs against another server). */
    readonly onlyRetention?: boolean;
  },
): void {
  const general = capabilities.onlyRetention ? () => undefined : it;
  describe(`ObjectStore conformance: ${backend}`, function () {
    const start = new Date('2026-03-02T08:00:00+07:00');
    let clock: TestClock;
    let h: ObjectStoreHarness;

    beforeEach(async function () {
      clock = new TestClock(start);
      h = await factory(clock);
    });

    afterEach(async function () {
      await h.dispose();
    });

    general('stores empty content under the SHA-256 of nothing and reads it back', async function () {
      const stored = withoutVersion(await h.store.put(Buffer.alloc(0)));
      expect(stored).to.deep.equal({
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        size: 0,
        created: true,
      });
      expect(await drain(await h.store.get(stored.sha256))).to.have.length(0);
      expect((await h.store.stat(stored.sha256))?.size).to.equal(0);
    });

    general('keeps content type and Vietnamese metadata with a small object', async function () {
      const bytes = Buffer.from('%PDF-1.7 Quyết định số 123/QĐ-UBND\n');
      const stored = await h.store.put(bytes, {
        contentType: 'application/pdf',
        metadata: {
          documentId: '000.00.00.H41,2026/03/02,123/QĐ-UBND',
          trichYeu: 'Về việc ban hành quy chế',
        },
      });
      expect(stored.sha256).to.equal(sha256Of(bytes));
      expect(stored.size).to.equal(bytes.length);
      expect(await h.store.getBuffer(stored.sha256)).to.deep.equal(bytes);
      const stat = await h.store.stat(stored.sha256);
      expect(stat).to.include({ sha256: stored.sha256, size: bytes.length, contentType: 'application/pdf' });
      expect(stat?.metadata).to.deep.equal({
        documentId: '000.00.00.H41,2026/03/02,123/QĐ-UBND',
        trichYeu: 'Về việc ban hành quy chế',
      });
      expect(stat?.legalHold).to.equal(false);
      expect(stat?.retainUntil).to.equal(undefined);
    });

    general('streams multi-megabyte content in and out, verified, and caps getBuffer', async function () {
      const bytes = randomBytes(9 * 1024 * 1024 + 123);
      const stored = await h.store.put(chunked(bytes, 64 * 1024));
      expect(withoutVersion(stored)).to.deep.equal({
        sha256: sha256Of(bytes),
        size: bytes.length,
        created: true,
      });
      const back = await drain(await h.store.get(stored.sha256));
      expect(back.equals(bytes)).to.equal(true);
      await expectCode(h.store.getBuffer(stored.sha256, { maxBytes: 1024 * 1024 }), 'OBJECT_TOO_LARGE');
    });

    general(
      'is idempotent: the same content put twice is stored once and keeps its first metadata',
      async function () {
        const bytes = Buffer.from('Công văn số 45/UBND-VP');
        const first = await h.store.put(bytes, { contentType: 'text/plain', metadata: { lan: '1' } });
        const second = await h.store.put(chunked(bytes, 5), {
          contentType: 'application/pdf',
          metadata: { lan: '2' },
        });
        expect(first.created).to.equal(true);
        expect(withoutVersion(second)).to.deep.equal({
          sha256: first.sha256,
          size: bytes.length,
          created: false,
        });
        const stat = await h.store.stat(first.sha256);
        expect(stat?.contentType).to.equal('text/plain');
        expect(stat?.metadata).to.deep.equal({ lan: '1' });
        const page = await h.store.list({ limit: 10 });
        expect(page.objects.map((o) => o.sha256)).to.deep.equal([first.sha256]);
      },
    );

    general(
      'answers null, OBJECT_NOT_FOUND or OBJECT_KEY_INVALID for absent or malformed keys',
      async function () {
        const absent = sha256Of(Buffer.from('never stored'));
        expect(await h.store.stat(absent)).to.equal(null);
        await expectCode(h.store.get(absent), 'OBJECT_NOT_FOUND');
        await expectCode(h.store.getBuffer(absent), 'OBJECT_NOT_FOUND');
        await expectCode(h.store.get('../../etc/passwd'), 'OBJECT_KEY_INVALID');
        await expectCode(h.store.stat(absent.toUpperCase()), 'OBJECT_KEY_INVALID');
        await expectCode(h.store.list({ prefix: 'xyz', limit: 5 }), 'OBJECT_KEY_INVALID');
      },
    );

    general(
      'lists every object exactly once in hash order across pages, by prefix and after a key',
      async function () {
        const shas: string[] = [];
        for (let i = 0; i < 40; i++) shas.push((await h.store.put(Buffer.from(`văn bản ${i}`))).sha256);
        const sorted = [...shas].sort();

        const seen: string[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const page = await h.store.list({ limit: 7, after });
          expect(page.objects.length).to.be.at.most(7);
          seen.push(...page.objects.map((o) => o.sha256));
          after = page.nextAfter;
          pages++;
        } while (after && pages < 20);
        expect(seen).to.deep.equal(sorted);
        expect(pages).to.be.at.least(6);

        const sizes = new Map((await h.store.list({ limit: 1000 })).objects.map((o) => [o.sha256, o.size]));
        expect(sizes.get(sorted[0])).to.equal(Buffer.byteLength(`văn bản ${shas.indexOf(sorted[0])}`));

        for (const prefix of [
          sorted[5].slice(0, 1),
          sorted[5].slice(0, 3),
          sorted[5].slice(0, 4),
          sorted[5],
        ]) {
          const page = await h.store.list({ prefix, limit: 1000 });
          expect(
            page.objects.map((o) => o.sha256),
            prefix,
          ).to.deep.equal(sorted.filter((s) => s.startsWith(prefix)));
        }
        const tail = await h.store.list({ after: sorted[30], limit: 1000 });
        expect(tail.objects.map((o) => o.sha256)).to.deep.equal(sorted.slice(31));
        expect(tail.nextAfter).to.equal(undefined);
      },
    );

    general(
      'deletes an object so that it can no longer be read, listed or stat-ed; deleting again is a no-op',
      async function () {
        const keep = await h.store.put(Buffer.from('giữ lại'));
        const gone = await h.store.put(Buffer.from('hủy theo quyết định tiêu hủy'));
        await h.store.delete(gone.sha256);
        expect(await h.store.stat(gone.sha256)).to.equal(null);
        await expectCode(h.store.get(gone.sha256), 'OBJECT_NOT_FOUND');
        expect((await h.store.list({ limit: 10 })).objects.map((o) => o.sha256)).to.deep.equal([keep.sha256]);
        await h.store.delete(gone.sha256);
        // The same content can be stored again after disposal.
        expect((await h.store.put(Buffer.from('hủy theo quyết định tiêu hủy'))).created).to.equal(true);
      },
    );

    general(
      'detects bytes changed behind its back: the read stream fails with OBJECT_CORRUPT',
      async function () {
        const bytes = randomBytes(300 * 1024);
        const stored = await h.store.put(bytes);
        await h.corrupt(stored.sha256);
        const error = await expectCode(
          h.store.get(stored.sha256).then((s) => drain(s)),
          'OBJECT_CORRUPT',
        );
        expect(error.details?.sha256).to.equal(stored.sha256);
        await expectCode(h.store.getBuffer(stored.sha256), 'OBJECT_CORRUPT');
      },
    );

    general('leaves no object and no garbage when the source stream fails half-way', async function () {
      const bytes = randomBytes(3 * 1024 * 1024);
      let failure: unknown;
      try {
        await h.store.put(chunked(bytes, 256 * 1024, 1024 * 1024), { contentType: 'application/pdf' });
      } catch (e) {
        failure = e;
      }
      expect(String(failure)).to.contain('source broke half-way');
      expect((await h.store.list({ limit: 10 })).objects).to.deep.equal([]);
      expect(await h.store.stat(sha256Of(bytes))).to.equal(null);
      expect(await h.store.stat(sha256Of(bytes.subarray(0, 1024 * 1024)))).to.equal(null);
      expect(await h.garbage()).to.deep.equal([]);
    });

    general(
      'reports itself healthy, and OBJECT_STORE_UNAVAILABLE for every call once the backend is down',
      async function () {
        const stored = await h.store.put(Buffer.from('trước sự cố'));
        expect((await h.store.health()).ok).to.equal(true);
        await h.takeDown();
        const health = await h.store.health();
        expect(health.ok).to.equal(false);
        expect(health.detail).to.be.a('string');
        await expectCode(h.store.put(Buffer.from('trong sự cố')), 'OBJECT_STORE_UNAVAILABLE');
        await expectCode(
          h.store.put(chunked(Buffer.from('trong sự cố, luồng'), 4)),
          'OBJECT_STORE_UNAVAILABLE',
        );
        await expectCode(h.store.get(stored.sha256), 'OBJECT_STORE_UNAVAILABLE');
        await expectCode(h.store.stat(stored.sha256), 'OBJECT_STORE_UNAVAILABLE');
        await expectCode(h.store.list({ limit: 10 }), 'OBJECT_STORE_UNAVAILABLE');
        await expectCode(h.store.delete(stored.sha256), 'OBJECT_STORE_UNAVAILABLE');
      },
    );

    describe('retention and legal hold', function () {
      // A "day" of the retention cases: real seconds against a server's own clock.
      const day = capabilities.serverClock ? 1000 : 24 * 3600 * 1000;
      const withLock = capabilities.retention ? it : () => undefined;
      const withoutLock = capabilities.retention ? () => undefined : it;
      let start: Date;
      /** Moves time to `moment`: the test clock, or waiting until the server's clock has passed it. */
      const passTo = async (moment: Date) => {
        if (!capabilities.serverClock) return clock.set(moment);
        const wait = moment.getTime() - Date.now() + 1100; // S3 dates are whole seconds on some servers
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      };

      beforeEach(function () {
        start = capabilities.serverClock ? new Date(Math.ceil(Date.now() / 1000) * 1000) : clock.now();
        if (!capabilities.serverClock) clock.set(start);
      });

      withLock('refuses delete under COMPLIANCE retention until the date, then allows it', async function () {
        const stored = await h.store.put(Buffer.from('hồ sơ lưu trữ 10 năm'));
        const until = new Date(start.getTime() + 10 * day);
        await h.store.setRetention(stored.sha256, { mode: 'COMPLIANCE', retainUntil: until });
        expect((await h.store.stat(stored.sha256))?.retainUntil?.toISOString()).to.equal(until.toISOString());
        await expectCode(h.store.delete(stored.sha256), 'OBJECT_RETAINED');
        await expectCode(h.store.delete(stored.sha256, { bypassGovernance: true }), 'OBJECT_RETAINED');
        if (!capabilities.serverClock) {
          clock.set(new Date(until.getTime() - 1));
          await expectCode(h.store.delete(stored.sha256), 'OBJECT_RETAINED');
        }
        await passTo(new Date(until.getTime() + 1));
        await h.store.delete(stored.sha256);
        expect(await h.store.stat(stored.sha256)).to.equal(null);
      });

      withLock('lets COMPLIANCE retention be extended but never shortened or downgraded', async function () {
        const stored = await h.store.put(Buffer.from('văn bản mật'));
        const until = new Date(start.getTime() + 10 * day);
        await h.store.setRetention(stored.sha256, { mode: 'COMPLIANCE', retainUntil: until });
        await expectCode(
          h.store.setRetention(stored.sha256, {
            mode: 'COMPLIANCE',
            retainUntil: new Date(until.getTime() - day),
          }),
          'OBJECT_RETAINED',
        );
        await expectCode(
          h.store.setRetention(
            stored.sha256,
            { mode: 'GOVERNANCE', retainUntil: new Date(until.getTime() + day) },
            { bypassGovernance: true },
          ),
          'OBJECT_RETAINED',
        );
        const later = new Date(until.getTime() + 30 * day);
        await h.store.setRetention(stored.sha256, { mode: 'COMPLIANCE', retainUntil: later });
        const stat = await h.store.stat(stored.sha256);
        expect(stat?.retention?.mode).to.equal('COMPLIANCE');
        expect(stat?.retainUntil?.toISOString()).to.equal(later.toISOString());
        await passTo(new Date(until.getTime() + day));
        await expectCode(h.store.delete(stored.sha256), 'OBJECT_RETAINED');
      });

      withLock('lets GOVERNANCE retention be bypassed explicitly, and only explicitly', async function () {
        const stored = await h.store.put(Buffer.from('bản nháp lưu tạm'));
        const until = new Date(start.getTime() + 5 * day);
        await h.store.setRetention(stored.sha256, { mode: 'GOVERNANCE', retainUntil: until });
        await expectCode(h.store.delete(stored.sha256), 'OBJECT_RETAINED');
        await expectCode(
          h.store.setRetention(stored.sha256, {
            mode: 'GOVERNANCE',
            retainUntil: new Date(start.getTime() + day),
          }),
          'OBJECT_RETAINED',
        );
        await h.store.delete(stored.sha256, { bypassGovernance: true });
        expect(await h.store.stat(stored.sha256)).to.equal(null);
      });

      withLock(
        'refuses delete under legal hold whatever the retention, until the hold is lifted',
        async function () {
          const stored = await h.store.put(Buffer.from('hồ sơ thanh tra'));
          await h.store.setLegalHold(stored.sha256, true);
          expect((await h.store.stat(stored.sha256))?.legalHold).to.equal(true);
          await expectCode(h.store.delete(stored.sha256, { bypassGovernance: true }), 'OBJECT_RETAINED');
          await passTo(new Date(start.getTime() + (capabilities.serverClock ? 1 : 1000) * day));
          await expectCode(h.store.delete(stored.sha256), 'OBJECT_RETAINED');
          await h.store.setLegalHold(stored.sha256, false);
          expect((await h.store.stat(stored.sha256))?.legalHold).to.equal(false);
          await h.store.delete(stored.sha256);
          expect(await h.store.stat(stored.sha256)).to.equal(null);
        },
      );

      withLock('refuses retention and legal hold on absent objects', async function () {
        const absent = sha256Of(Buffer.from('không có'));
        await expectCode(
          h.store.setRetention(absent, { mode: 'COMPLIANCE', retainUntil: new Date(start.getTime() + day) }),
          'OBJECT_NOT_FOUND',
        );
        await expectCode(h.store.setLegalHold(absent, true), 'OBJECT_NOT_FOUND');
      });

      withLock(
        'a plain delete of a locked key only adds a delete marker: the locked version stays readable and cannot be deleted',
        async function () {
          const bytes = Buffer.from('%PDF-1.7 Quyết định khen thưởng — bản lưu trữ có khóa');
          const until = new Date(start.getTime() + 20 * day);
          const stored = await h.store.put(bytes, {
            contentType: 'application/pdf',
            retention: { mode: 'COMPLIANCE', retainUntil: until },
          });
          expect(stored.versionId).to.be.a('string').and.not.equal('');
          await h.store.deleteKey(stored.sha256);
          expect(await h.store.stat(stored.sha256)).to.equal(null);
          await expectCode(h.store.get(stored.sha256), 'OBJECT_NOT_FOUND');
          expect((await h.store.list({ limit: 10 })).objects).to.deep.equal([]);

          const versions = await h.store.listVersions(stored.sha256);
          expect(versions.map((v) => [v.isDeleteMarker, v.isLatest])).to.deep.equal([
            [false, false],
            [true, true],
          ]);
          const [data, marker] = versions as [ObjectVersion, ObjectVersion];
          expect(data.versionId).to.equal(stored.versionId);
          expect(data.size).to.equal(bytes.length);
          expect(
            (await drain(await h.store.getVersion(stored.sha256, data.versionId))).equals(bytes),
          ).to.equal(true);
          await expectCode(h.store.getVersion(stored.sha256, marker.versionId), 'OBJECT_NOT_FOUND');
          await expectCode(h.store.deleteVersion(stored.sha256, data.versionId), 'OBJECT_RETAINED');
          await expectCode(
            h.store.deleteVersion(stored.sha256, data.versionId, { bypassGovernance: true }),
            'OBJECT_RETAINED',
          );
          await expectCode(h.store.delete(stored.sha256), 'OBJECT_RETAINED');
          if (h.behindTheStore) {
            await expectRefusedByServer(
              'deleting the locked version',
              h.behindTheStore.deleteVersion(stored.sha256, data.versionId),
            );
            await expectRefusedByServer(
              'shortening the COMPLIANCE retention',
              h.behindTheStore.shortenRetention(stored.sha256, new Date(until.getTime() - 5 * day)),
            );
          }
          expect(
            (await drain(await h.store.getVersion(stored.sha256, data.versionId))).equals(bytes),
          ).to.equal(true);

          // Removing the marker makes the locked version current again.
          await h.store.deleteVersion(stored.sha256, marker.versionId);
          expect((await h.store.stat(stored.sha256))?.retainUntil?.toISOString()).to.equal(
            until.toISOString(),
          );
          expect(await h.store.getBuffer(stored.sha256)).to.deep.equal(bytes);
        },
      );

      withLock(
        'locks on put (retention and legal hold); putting again only ever extends the lock',
        async function () {
          const bytes = Buffer.from('<HoSo><MaHoSo>01.2026.VP</MaHoSo></HoSo>');
          const until = new Date(start.getTime() + 10 * day);
          await h.store.put(bytes, {
            retention: { mode: 'COMPLIANCE', retainUntil: until },
            legalHold: true,
          });
          let stat = await h.store.stat(sha256Of(bytes));
          expect(stat?.retention).to.deep.equal({ mode: 'COMPLIANCE', retainUntil: until });
          expect(stat?.legalHold).to.equal(true);
          const again = await h.store.put(bytes, {
            retention: { mode: 'COMPLIANCE', retainUntil: new Date(start.getTime() + 5 * day) },
          });
          expect(again.created).to.equal(false);
          expect((await h.store.stat(sha256Of(bytes)))?.retainUntil?.toISOString()).to.equal(
            until.toISOString(),
          );
          const later = new Date(start.getTime() + 30 * day);
          await h.store.put(bytes, { retention: { mode: 'COMPLIANCE', retainUntil: later } });
          stat = await h.store.stat(sha256Of(bytes));
          expect(stat?.retainUntil?.toISOString()).to.equal(later.toISOString());
          expect(stat?.legalHold).to.equal(true);
          await expectCode(h.store.delete(sha256Of(bytes)), 'OBJECT_RETAINED');
        },
      );

      withoutLock(
        'without object lock, refuses retention and legal hold instead of silently ignoring them',
        async function () {
          const stored = await h.store.put(Buffer.from('kho không khóa'));
          await expectCode(
            h.store.setRetention(stored.sha256, {
              mode: 'COMPLIANCE',
              retainUntil: new Date(start.getTime() + day),
            }),
            'OBJECT_RETENTION_UNSUPPORTED',
          );
          await expectCode(h.store.setLegalHold(stored.sha256, true), 'OBJECT_RETENTION_UNSUPPORTED');
          const locked = Buffer.from('khóa khi ghi');
          await expectCode(
            h.store.put(locked, {
              retention: { mode: 'COMPLIANCE', retainUntil: new Date(start.getTime() + day) },
            }),
            'OBJECT_RETENTION_UNSUPPORTED',
          );
          expect(await h.store.stat(sha256Of(locked))).to.equal(null);
        },
      );
    });
  });
}
