/**
 * The human report as a language-specific outline (title, verdict, facts, tables), rendered by both
 * the HTML and the PDF renderer so that the two always say the same. Every value is plain text; the
 * renderers escape or typeset it.
 */
import { MODIFICATION_ORDER, type ModificationLevel, type SignatureValidation } from '../validation-result';
import {
  COVERAGE_NAMES,
  INDICATION_NAMES,
  LABELS,
  MODIFICATION_NAMES,
  REVOCATION_NAMES,
  REVOCATION_SOURCES,
  TRUST_SOURCES,
  documentVerdict,
  say,
  signatureVerdict,
  type ReportLanguage,
} from './report-text';
import type { ValidationReport } from './validation-report';

export type Tone = 'passed' | 'failed' | 'indeterminate' | 'none';

export interface Table {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Relative column widths. */
  readonly widths: readonly number[];
  /** Shown under the table (e.g. how many rows were left out). */
  readonly note?: string;
  /** Detail a screen may fold away (printed reports show it). */
  readonly collapsible?: boolean;
}

export interface SignatureView {
  readonly heading: string;
  readonly tone: Tone;
  readonly headline: string;
  readonly explanation: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly tables: readonly Table[];
  readonly reasons: readonly string[];
}

export interface ReportView {
  readonly lang: ReportLanguage;
  readonly title: string;
  readonly subtitle: string;
  readonly tone: Tone;
  readonly headline: string;
  readonly explanation: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly notes: readonly string[];
  readonly signatures: readonly SignatureView[];
  readonly trust: Table;
  readonly footer: string;
  /** Headings of the fixed sections. */
  readonly labels: {
    readonly summary: string;
    readonly notes: string;
    readonly reasons: string;
    readonly page: string;
  };
}

/** Changes listed per signature in the human report (the JSON report has all of them). */
const MAX_CHANGE_ROWS = 200;

const toneOf = (indication: string | null | undefined): Tone =>
  indication === 'TOTAL_PASSED'
    ? 'passed'
    : indication === 'TOTAL_FAILED'
      ? 'failed'
      : indication === 'INDETERMINATE'
        ? 'indeterminate'
        : 'none';

/** `dd/mm/yyyy HH:MM:SS (UTC+07:00)`: Vietnam time, the way Vietnamese documents write it. */
export function vietnamTime(date: Date): string {
  if (Number.isNaN(date.getTime())) return '—';
  const t = new Date(date.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ` +
    `${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} (UTC+07:00)`
  );
}

/** ISO 8601 or a PDF date (ISO 32000-2 §7.9.4, `D:YYYYMMDDHHmmSSOHH'mm'`). */
export function parseClaimedTime(text: string): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?$/.exec(
    text.trim(),
  );
  if (m) {
    const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
    const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
    const offset = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (+oh * 60 + +om) : 0;
    const date = new Date(utc - offset * 60_000);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const iso = new Date(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(iso.getTime()) ? iso : undefined;
}

export function describeReport(report: ValidationReport, lang: ReportLanguage): ReportView {
  const s = (p: { vi: string; en: string }, params?: Record<string, string | number>) => say(p, lang, params);
  const v = report.validation;
  const verdict = documentVerdict(report.status, report.indication, report.problem?.code ?? null);
  const number = (n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US');

  const facts: [string, string][] = [
    [s(LABELS.file), report.file.name ?? '—'],
    [s(LABELS.sha256), report.file.sha256],
    [s(LABELS.size), `${number(report.file.size)} ${s(LABELS.bytes)}`],
    [s(LABELS.validationTime), vietnamTime(new Date(report.settings.validationTime))],
    [s(LABELS.revocationMode), s(report.settings.revocation === 'online' ? LABELS.online : LABELS.offline)],
    [s(LABELS.generatedAt), vietnamTime(new Date(report.generatedAt))],
  ];
  const notes: string[] = [];
  if (report.problem) {
    facts.push([
      s(LABELS.problem),
      `${lang === 'vi' ? report.problem.messageVi : report.problem.message} (${report.problem.code})`,
    ]);
    if (report.problem.detail) notes.push(report.problem.detail);
  }
  if (v) {
    const signatures = v.signatures.filter((x) => x.kind === 'signature').length;
    const stamps = v.signatures.length - signatures;
    const disallowed = v.signatures.some((x) => !x.modifications.allowed);
    facts.push(
      [
        s(LABELS.signatureCount),
        stamps > 0
          ? `${signatures} + ${stamps} ${s(LABELS.documentTimestamp).toLowerCase()}`
          : String(signatures),
      ],
      [s(LABELS.revisions), String(v.revisions)],
      [s(LABELS.lastCovered), s(v.lastRevisionCovered ? LABELS.yes : LABELS.no)],
    );
    if (v.signatures.length > 0)
      facts.push([
        s(LABELS.readerSees),
        disallowed
          ? s(LABELS.seesChanged)
          : v.lastRevisionCovered
            ? s(LABELS.seesSigned)
            : s(LABELS.seesUnsigned, { n: v.unsignedRevisions }),
      ]);
    if (v.encrypted) facts.push([s(LABELS.encrypted), s(LABELS.yes)]);
    if (v.repaired) facts.push([s(LABELS.repaired), s(LABELS.yes)]);
    for (const r of v.repairedRevisions ?? [])
      if (!r.signed)
        facts.push([s(LABELS.repairedUnsigned), `${r.revision + 1}/${v.revisions}: ${r.repairs.join('; ')}`]);
    notes.push(...v.warnings);
  }

  const signatureViews = (v?.signatures ?? []).map((sig, i) => describeSignature(sig, i, v!.revisions, lang));
  const trust: Table = {
    caption: s(LABELS.trustAnchors),
    headers: [s(LABELS.subject), 'SHA-256', ''],
    widths: [5, 5, 2],
    rows: report.settings.trustAnchors.map((a) => [
      a.subject,
      a.sha256,
      TRUST_SOURCES[a.source] ? s(TRUST_SOURCES[a.source]) : a.source,
    ]),
  };
  return {
    lang,
    title: s(LABELS.title),
    subtitle: report.file.name ?? report.file.sha256,
    tone:
      report.status === 'VALIDATED' || report.status === 'ABORTED'
        ? toneOf(report.indication)
        : report.status === 'UNREADABLE'
          ? 'failed'
          : 'none',
    headline: s(verdict.headline),
    explanation: s(verdict.explanation),
    facts,
    notes,
    signatures: signatureViews,
    trust,
    footer: s(LABELS.footer),
    labels: {
      summary: s(LABELS.summary),
      notes: s(LABELS.warnings),
      reasons: s(LABELS.reasons),
      page: LABELS.page[lang],
    },
  };
}

function describeSignature(
  sig: SignatureValidation,
  index: number,
  totalRevisions: number,
  lang: ReportLanguage,
): SignatureView {
  const s = (p: { vi: string; en: string }, params?: Record<string, string | number>) => say(p, lang, params);
  const isStamp = sig.kind === 'document-timestamp';
  const verdict = signatureVerdict(sig.indication, sig.subIndication, {
    documentTimestamp: isStamp,
    modified: sig.intact && !sig.modifications.allowed,
  });
  const facts: [string, string][] = [];
  facts.push([s(LABELS.field), sig.fieldName]);
  facts.push([
    s(LABELS.kind),
    isStamp
      ? s(LABELS.kindTimestamp)
      : sig.docMdpPermissions !== undefined && sig.docMdpPermissions !== null
        ? s(LABELS.kindCertification, { p: sig.docMdpPermissions })
        : s(LABELS.kindSignature),
  ]);
  if (!isStamp) facts.push([s(LABELS.signer), sig.signerName ?? '—']);
  facts.push([
    s(LABELS.indication),
    `${s(INDICATION_NAMES[sig.indication])} — ${sig.indication}${sig.subIndication ? ` / ${sig.subIndication}` : ''}`,
  ]);
  if (!isStamp) {
    const claimed = sig.claimedSigningTime ? parseClaimedTime(sig.claimedSigningTime) : undefined;
    facts.push([s(LABELS.claimedTime), claimed ? vietnamTime(claimed) : (sig.claimedSigningTime ?? '—')]);
  }
  // Proof of existence: a trusted timestamp's genTime (ETSI EN 319 102-1 §5.6.2.1).
  const ts = sig.timestamps.filter((t) => t.genTime !== undefined && t.genTime !== null);
  const proven = ts.find((t) => t.intact && t.valid && t.trusted);
  facts.push([
    s(LABELS.provenTime),
    proven
      ? vietnamTime(new Date(proven.genTime!))
      : ts.length > 0
        ? `${vietnamTime(new Date(ts[0].genTime!))} (${s(LABELS.untrustedTimestamp)})`
        : s(LABELS.noProof),
  ]);
  facts.push([s(LABELS.intact), s(sig.intact ? LABELS.yes : LABELS.no)]);
  facts.push([
    s(LABELS.coverage),
    `${s(COVERAGE_NAMES[sig.structure.coverage] ?? COVERAGE_NAMES.NONE)}${
      sig.structure.revision !== undefined && sig.structure.revision !== null
        ? ` — ${s(LABELS.revisionN, { n: sig.structure.revision + 1 })}`
        : ''
    }`,
  ]);
  if (sig.crypto)
    facts.push([
      s(LABELS.algorithms),
      [sig.crypto.digestAlgorithm, sig.crypto.signatureAlgorithm].filter(Boolean).join(', ') || '—',
    ]);
  facts.push([
    s(LABELS.modifiedAfter),
    `${s(MODIFICATION_NAMES[sig.modificationLevel])} (${sig.modificationLevel}, ${s(
      sig.modifications.allowed ? LABELS.allowed : LABELS.notAllowed,
    )})`,
  ]);

  const tables: Table[] = [];
  if (sig.chain.length > 0)
    tables.push({
      caption: s(LABELS.chain),
      headers: [s(LABELS.subject), s(LABELS.validity), s(LABELS.revocation)],
      widths: [6, 4, 3],
      rows: sig.chain.map((c) => [
        c.subject,
        `${s(LABELS.from)} ${vietnamTime(new Date(c.notBefore))} ${s(LABELS.to)} ${vietnamTime(new Date(c.notAfter))}`,
        [
          s(REVOCATION_NAMES[c.revocation] ?? REVOCATION_NAMES.unknown),
          c.revokedAt ? vietnamTime(new Date(c.revokedAt)) : '',
          c.revocationSource && REVOCATION_SOURCES[c.revocationSource]
            ? `(${s(REVOCATION_SOURCES[c.revocationSource])})`
            : '',
        ]
          .filter(Boolean)
          .join(' '),
      ]),
    });
  if (sig.timestamps.length > 0)
    tables.push({
      caption: s(LABELS.timestamps),
      headers: [s(LABELS.kind), s(LABELS.genTime), s(LABELS.indication)],
      widths: [4, 4, 5],
      rows: sig.timestamps.map((t) => [
        t.kind === 'document' ? s(LABELS.documentTimestamp) : s(LABELS.signature),
        t.genTime ? vietnamTime(new Date(t.genTime)) : '—',
        t.intact && t.valid && t.trusted
          ? s(INDICATION_NAMES.TOTAL_PASSED)
          : `${s(t.intact && t.valid ? INDICATION_NAMES.INDETERMINATE : INDICATION_NAMES.TOTAL_FAILED)}${
              t.problems.length ? `: ${t.problems.join('; ')}` : ''
            }`,
      ]),
    });
  // Every revision after the signed one, with the highest level of its changes (docs/validation.md).
  const changes = sig.modifications.changes;
  const signedRevision = sig.structure.revision;
  if (signedRevision !== undefined && signedRevision !== null) {
    const rows: string[][] = [];
    for (let r = signedRevision + 1; r < totalRevisions; r++) {
      const own = changes.filter((c) => c.revision === r);
      const level = own.reduce<ModificationLevel>(
        (acc, c) => (MODIFICATION_ORDER.indexOf(c.kind) > MODIFICATION_ORDER.indexOf(acc) ? c.kind : acc),
        'NONE',
      );
      const fields = [...new Set(own.map((c) => (c as { fieldName?: string }).fieldName).filter(Boolean))];
      rows.push([
        s(LABELS.revisionN, { n: r + 1 }),
        `${s(MODIFICATION_NAMES[level])} (${level})`,
        String(own.filter((c) => c.kind !== 'NONE').length),
        fields.join(', ') || '—',
      ]);
    }
    tables.push({
      caption: s(LABELS.changes),
      headers: [s(LABELS.revision), s(LABELS.level), s(LABELS.changeCount), s(LABELS.fields)],
      widths: [2, 5, 2, 4],
      rows,
      note: rows.length === 0 ? s(LABELS.noChanges) : undefined,
    });
  }
  const listed = changes.filter((c) => c.kind !== 'NONE');
  if (listed.length > 0)
    tables.push({
      caption: s(LABELS.changeDetails),
      collapsible: true,
      headers: [s(LABELS.revision), s(LABELS.level), s(LABELS.object), s(LABELS.detail)],
      widths: [2, 3, 2, 7],
      rows: listed
        .slice(0, MAX_CHANGE_ROWS)
        .map((c) => [
          s(LABELS.revisionN, { n: c.revision + 1 }),
          c.kind,
          c.objectRef,
          (c as { fieldName?: string }).fieldName
            ? `${c.detail} — ${(c as { fieldName?: string }).fieldName}`
            : c.detail,
        ]),
      note:
        listed.length > MAX_CHANGE_ROWS
          ? s(LABELS.moreChanges, { n: listed.length - MAX_CHANGE_ROWS })
          : undefined,
    });

  return {
    heading: `${isStamp ? s(LABELS.documentTimestamp) : s(LABELS.signature)} ${index + 1}: ${
      isStamp ? sig.fieldName : (sig.signerName ?? sig.fieldName)
    }`,
    tone: toneOf(sig.indication),
    headline: s(verdict.headline),
    explanation: s(verdict.explanation),
    facts,
    tables,
    reasons: sig.reasons,
  };
}
