/**
 * The human report as one self-contained HTML page: no script, no external resource (styles inline,
 * fonts from the system), every value escaped, printable (A4, cards not split across pages).
 */
import { describeReport, type ReportView, type Table, type Tone } from './describe-report';
import type { ReportLanguage } from './report-text';
import type { ValidationReport } from './validation-report';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root{--passed:#17703a;--passed-bg:#e6f4ec;--failed:#9b1c1c;--failed-bg:#fdecec;--ind:#8a5300;--ind-bg:#fdf3e1;--none:#475569;--none-bg:#eef2f7;--line:#d9dee5}
*{box-sizing:border-box}
body{font-family:'Noto Serif','DejaVu Serif','Times New Roman',serif;color:#1f2933;margin:0;padding:24px;line-height:1.45;font-size:14px}
main{max-width:900px;margin:0 auto}
h1{font-size:22px;margin:0 0 2px}
h2{font-size:17px;margin:0 0 8px}
h3{font-size:14px;margin:14px 0 6px}
.subtitle{color:#5f6b7a;margin:0 0 16px;word-break:break-all}
.verdict{border-left:6px solid;border-radius:6px;padding:12px 16px;margin:0 0 16px}
.verdict p{margin:4px 0 0}
.verdict strong{font-size:16px}
.tone-passed{border-color:var(--passed);background:var(--passed-bg)}
.tone-passed strong{color:var(--passed)}
.tone-failed{border-color:var(--failed);background:var(--failed-bg)}
.tone-failed strong{color:var(--failed)}
.tone-indeterminate{border-color:var(--ind);background:var(--ind-bg)}
.tone-indeterminate strong{color:var(--ind)}
.tone-none{border-color:var(--none);background:var(--none-bg)}
.tone-none strong{color:var(--none)}
section{border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:0 0 16px;break-inside:avoid-page}
dl{display:grid;grid-template-columns:230px 1fr;gap:4px 14px;margin:0}
dt{color:#5f6b7a}
dd{margin:0;word-break:break-word}
table{width:100%;border-collapse:collapse;margin:4px 0 6px;font-size:12.5px}
th,td{border:1px solid var(--line);padding:5px 7px;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f4f6f9}
.note{color:#5f6b7a;font-size:12.5px;margin:2px 0 0}
ul.reasons{margin:4px 0 0;padding-left:20px;font-family:'DejaVu Sans Mono',monospace;font-size:12px}
.code{font-family:'DejaVu Sans Mono',monospace;font-size:12.5px;word-break:break-all}
footer{color:#5f6b7a;font-size:12px;margin-top:20px;border-top:1px solid var(--line);padding-top:8px}
@page{size:A4;margin:16mm}
@media print{body{padding:0}section,.verdict{break-inside:avoid}}
`;

function verdictBox(tone: Tone, headline: string, explanation: string, role = true): string {
  return (
    `<div class="verdict tone-${tone}"${role ? ' role="status"' : ''}>` +
    `<strong>${escapeHtml(headline)}</strong><p>${escapeHtml(explanation)}</p></div>`
  );
}

function facts(rows: readonly (readonly [string, string])[]): string {
  return `<dl>${rows
    .map(
      ([k, v]) =>
        `<dt>${escapeHtml(k)}</dt><dd${/^[0-9a-f]{64}$/.test(v) ? ' class="code"' : ''}>${escapeHtml(v)}</dd>`,
    )
    .join('')}</dl>`;
}

function table(t: Table): string {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const body =
    t.rows.length === 0
      ? ''
      : `<table><colgroup>${t.widths
          .map((w) => `<col style="width:${((w / total) * 100).toFixed(1)}%">`)
          .join('')}</colgroup><thead><tr>${t.headers
          .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
          .join('')}</tr></thead><tbody>${t.rows
          .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  return `<h3>${escapeHtml(t.caption)}</h3>${body}${t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : ''}`;
}

export function renderReportView(view: ReportView): string {
  const parts: string[] = [];
  parts.push(
    `<!doctype html><html lang="${view.lang}"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(`${view.title} — ${view.subtitle}`)}</title><style>${STYLE}</style></head><body><main>`,
    `<h1>${escapeHtml(view.title)}</h1><p class="subtitle">${escapeHtml(view.subtitle)}</p>`,
    verdictBox(view.tone, view.headline, view.explanation),
    `<section aria-labelledby="summary"><h2 id="summary">${escapeHtml(view.labels.summary)}</h2>`,
    facts(view.facts),
  );
  if (view.notes.length)
    parts.push(
      `<h3>${escapeHtml(view.labels.notes)}</h3><ul class="reasons">${view.notes
        .map((n) => `<li>${escapeHtml(n)}</li>`)
        .join('')}</ul>`,
    );
  parts.push(`</section>`);
  view.signatures.forEach((sig, i) => {
    parts.push(
      `<section class="signature" aria-labelledby="sig-${i}"><h2 id="sig-${i}">${escapeHtml(sig.heading)}</h2>`,
      verdictBox(sig.tone, sig.headline, sig.explanation, false),
      facts(sig.facts),
      ...sig.tables.map(table),
    );
    if (sig.reasons.length)
      parts.push(
        `<h3>${escapeHtml(view.labels.reasons)}</h3><ul class="reasons">${sig.reasons
          .map((r) => `<li>${escapeHtml(r)}</li>`)
          .join('')}</ul>`,
      );
    parts.push(`</section>`);
  });
  parts.push(`<section>${table(view.trust)}</section>`);
  parts.push(`<footer>${escapeHtml(view.footer)}</footer></main></body></html>\n`);
  return parts.join('');
}

/** The report as a self-contained HTML page in Vietnamese (default) or English. */
export function renderHtmlReport(report: ValidationReport, lang: ReportLanguage = 'vi'): string {
  return renderReportView(describeReport(report, lang));
}
