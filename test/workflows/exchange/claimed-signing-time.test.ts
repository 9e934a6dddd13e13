import { expect } from 'chai';
import { claimedSigningTime } from '../../../workflows/exchange/claimed-signing-time';
import { parsePdfDate } from '../../../workflows/exchange/parse-pdf-date';

describe('workflows/exchange claimed signing time (ISO 32000-2 §7.9.4 dates)', () => {
  const iso = (s: string) => parsePdfDate(s)?.toISOString() ?? null;

  it('reads full PDF dates with the PDF 2.0 and PDF 1.7 offset forms and without apostrophes', () => {
    for (const s of [
      "D:20260302090000+07'00",
      "D:20260302090000+07'00'",
      'D:20260302090000+0700',
      "D:20260302090000+07'",
      'D:20260302090000+07',
      "20260302090000+07'00'",
    ])
      expect(iso(s), s).to.equal('2026-03-02T02:00:00.000Z');
    expect(iso("D:20260302090000-05'30'")).to.equal('2026-03-02T14:30:00.000Z');
    expect(iso('D:20260302090000Z')).to.equal('2026-03-02T09:00:00.000Z');
    expect(iso("D:20260302090000Z00'00'")).to.equal('2026-03-02T09:00:00.000Z');
  });

  it('fills missing parts with their defaults (MM, DD 01; others 0; no zone: UT)', () => {
    expect(iso('D:2026')).to.equal('2026-01-01T00:00:00.000Z');
    expect(iso('D:202603')).to.equal('2026-03-01T00:00:00.000Z');
    expect(iso('D:20260302')).to.equal('2026-03-02T00:00:00.000Z');
    expect(iso('D:2026030209')).to.equal('2026-03-02T09:00:00.000Z');
    expect(iso('D:202603020930')).to.equal('2026-03-02T09:30:00.000Z');
    expect(iso('D:20260302093015')).to.equal('2026-03-02T09:30:15.000Z');
    expect(iso('D:00500101')).to.equal('0050-01-01T00:00:00.000Z');
  });

  it('refuses dates out of range or not in the format', () => {
    for (const s of [
      'D:20260229', // not a leap year
      'D:20261301',
      'D:20260300',
      'D:20260302240000',
      'D:20260302096000',
      'D:20260302090060',
      "D:20260302090000+24'00'",
      "D:20260302090000+07'60'",
      'D:2026030',
      "D:20260302090000+07'00'x",
      '2026-03-02',
      '',
      'hôm qua',
    ])
      expect(iso(s), s).to.equal(null);
    expect(iso('D:20240229')).to.equal('2024-02-29T00:00:00.000Z');
  });

  it('gives ISO 8601 and the raw text; an unreadable time is null with the raw text kept', () => {
    expect(claimedSigningTime("D:20260302090000+07'00'")).to.deep.equal({
      claimedSigningTime: '2026-03-02T02:00:00.000Z',
      claimedSigningTimeRaw: "D:20260302090000+07'00'",
    });
    // A CMS signing-time attribute comes as ISO 8601 already.
    expect(claimedSigningTime('2026-03-02T09:00:00+07:00')).to.deep.equal({
      claimedSigningTime: '2026-03-02T02:00:00.000Z',
      claimedSigningTimeRaw: '2026-03-02T09:00:00+07:00',
    });
    expect(claimedSigningTime('D:20261399')).to.deep.equal({
      claimedSigningTime: null,
      claimedSigningTimeRaw: 'D:20261399',
    });
    expect(claimedSigningTime(null)).to.deep.equal({ claimedSigningTime: null, claimedSigningTimeRaw: null });
  });
});
