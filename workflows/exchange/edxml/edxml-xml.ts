import { DOMImplementation, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { ORGAN_ID_PATTERN } from './edxml-document-id';
import { EdxmlError } from './edxml-error';
import type { EdxmlOrgan, EdxmlStaff, EdxmlTraceHop } from './edxml-message';
import { EDXML_NS, EDXML_PREFIX } from './edxml-namespace';
import { formatEdxmlTimestamp, parseEdxmlTimestamp } from './edxml-time';

/** Longest text accepted in one element (subjects, names, reasons); base64 content is read separately. */
const MAX_TEXT = 4000;

/**
 * Writes `edXML:`-prefixed elements into a new document: rooted at `edXML:edXMLEnvelope` (layout
 * `envelope`), or at the SDKs' outer `<edXML xmlns="…QCVN_102_2016">` holding the envelope (layout `sdk`).
 */
export class EdxmlXml {
  readonly doc: Document;
  /** `edXML:edXMLEnvelope`. */
  readonly envelope: Element;
  constructor(layout: 'sdk' | 'envelope' = 'sdk') {
    if (layout === 'envelope') {
      this.doc = new DOMImplementation().createDocument(EDXML_NS, `${EDXML_PREFIX}:edXMLEnvelope`, null);
      this.envelope = this.doc.documentElement!;
    } else {
      this.doc = new DOMImplementation().createDocument(EDXML_NS, 'edXML', null);
      this.envelope = this.add(this.doc.documentElement!, 'edXMLEnvelope');
    }
  }
  /** The document element: the envelope, or the outer `edXML`. */
  get root(): Element {
    return this.doc.documentElement!;
  }
  /** Appends an unprefixed element of the namespace (the default namespace of the SDK layout). */
  plain(parent: Element, name: string, text?: string | number): Element {
    const e = this.doc.createElementNS(EDXML_NS, name);
    if (text !== undefined) e.appendChild(this.doc.createTextNode(String(text)));
    parent.appendChild(e);
    return e;
  }
  /** Appends `edXML:name` with text (skipped when undefined) or, without text, an element for children. */
  add(parent: Element, name: string, text?: string | number | null, attrs?: Record<string, string>): Element {
    const e = this.doc.createElementNS(EDXML_NS, `${EDXML_PREFIX}:${name}`);
    for (const [k, v] of Object.entries(attrs ?? {})) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.appendChild(this.doc.createTextNode(String(text)));
    parent.appendChild(e);
    return e;
  }
  /** Appends `edXML:name` only when the text is given. */
  optional(parent: Element, name: string, text: string | number | undefined): void {
    if (text !== undefined && text !== '') this.add(parent, name, text);
  }
  organ(parent: Element, name: string, o: EdxmlOrgan): Element {
    const e = this.add(parent, name);
    this.add(e, 'OrganId', o.organId);
    this.optional(e, 'OrganizationInCharge', o.organizationInCharge);
    this.add(e, 'OrganName', o.organName);
    this.optional(e, 'OrganAdd', o.organAdd);
    this.optional(e, 'Email', o.email);
    this.optional(e, 'Telephone', o.telephone);
    this.optional(e, 'Fax', o.fax);
    this.optional(e, 'Website', o.website);
    return e;
  }
  staff(parent: Element, s: EdxmlStaff): void {
    const e = this.add(parent, 'StaffInfo');
    this.optional(e, 'Department', s.department);
    this.optional(e, 'Staff', s.staff);
    this.optional(e, 'Mobile', s.mobile);
    this.optional(e, 'Email', s.email);
  }
  /** `TraceHeaderList` with one `TraceHeader` per hop; returns the list for a `Bussiness` block. */
  trace(parent: Element, hops: readonly EdxmlTraceHop[]): Element {
    const list = this.add(parent, 'TraceHeaderList');
    for (const h of hops) {
      const t = this.add(list, 'TraceHeader');
      this.add(t, 'OrganId', h.organId);
      this.add(t, 'Timestamp', formatEdxmlTimestamp(h.timestamp));
    }
    return list;
  }
  serialize(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(this.doc)}`;
  }
}

/** Reading helpers: edXML children by local name, strictly in the edXML namespace. */
export const edxmlRead = {
  children(parent: Element, name: string): Element[] {
    const out: Element[] = [];
    for (let n = parent.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1 && (n as Element).namespaceURI === EDXML_NS && (n as Element).localName === name)
        out.push(n as Element);
    }
    return out;
  },
  /** The one child of that name; two of them are malformed. */
  child(parent: Element, name: string): Element | undefined {
    const all = edxmlRead.children(parent, name);
    if (all.length > 1)
      throw EdxmlError.malformed(`edXML:${name} appears more than once`, { parent: parent.localName });
    return all[0];
  },
  required(parent: Element, name: string): Element {
    const e = edxmlRead.child(parent, name);
    if (!e) throw EdxmlError.malformed(`missing edXML:${name}`, { parent: parent.localName });
    return e;
  },
  text(parent: Element, name: string): string | undefined {
    const e = edxmlRead.child(parent, name);
    return e ? edxmlRead.ownText(e) : undefined;
  },
  /** An element's text (CDATA included, comments not), trimmed; undefined when empty. */
  ownText(e: Element, max = MAX_TEXT): string | undefined {
    const t = (e.textContent ?? '').trim();
    if (t.length > max) throw EdxmlError.malformed(`edXML:${e.localName} is too long`, { max });
    return t ? t : undefined;
  },
  requiredText(parent: Element, name: string): string {
    const t = edxmlRead.text(parent, name);
    if (t === undefined) throw EdxmlError.malformed(`missing edXML:${name}`, { parent: parent.localName });
    return t;
  },
  /** A non-negative integer element, or undefined. */
  integer(parent: Element, name: string, max = 1_000_000): number | undefined {
    const t = edxmlRead.text(parent, name);
    if (t === undefined) return undefined;
    if (!/^\d{1,9}$/.test(t) || Number(t) > max)
      throw EdxmlError.malformed(`edXML:${name} is not a number`, { value: t.slice(0, 20) });
    return Number(t);
  },
  /**
   * An organisation. `strict`: its OrganId must be a QCVN 102:2016 code (the sender); otherwise any short
   * code is kept as given (other recipients, older or foreign codes such as `28.22.H17`).
   */
  organ(e: Element, strict = true): EdxmlOrgan {
    const organId = edxmlRead.organId(edxmlRead.requiredText(e, 'OrganId'), strict, 'OrganId');
    const opt = (n: string) => edxmlRead.text(e, n);
    // Bkav's SDK writes OrganInCharge for QCVN's OrganizationInCharge.
    const inCharge = opt('OrganizationInCharge') ?? opt('OrganInCharge');
    const out: Record<string, string> = {
      organId,
      organName: opt('OrganName') ?? inCharge ?? organId,
      ...(inCharge !== undefined ? { organizationInCharge: inCharge } : {}),
    };
    for (const [key, name] of [
      ['organAdd', 'OrganAdd'],
      ['email', 'Email'],
      ['telephone', 'Telephone'],
      ['fax', 'Fax'],
      ['website', 'Website'],
    ] as const) {
      const v = opt(name);
      if (v !== undefined) out[key] = v;
    }
    return out as unknown as EdxmlOrgan;
  },
  staff(e: Element | undefined): EdxmlStaff | undefined {
    if (!e) return undefined;
    const out: Record<string, string> = {};
    for (const [key, name] of [
      ['department', 'Department'],
      ['staff', 'Staff'],
      ['mobile', 'Mobile'],
      ['email', 'Email'],
    ] as const) {
      const v = edxmlRead.text(e, name);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? (out as EdxmlStaff) : undefined;
  },
  /** An organisation code: a QCVN 102:2016 code when `strict`, else any code of up to 64 visible characters. */
  organId(organId: string, strict: boolean, what: string): string {
    if (strict ? !ORGAN_ID_PATTERN.test(organId) : !/^[^\s<>&"']{1,64}$/u.test(organId))
      throw EdxmlError.malformed(
        `${what} is not ${strict ? 'a QCVN 102:2016 code' : 'an organisation code'}`,
        {
          organId: organId.slice(0, 40),
        },
      );
    return organId;
  },
  /** TraceHeaders: the systems the package went through, their codes kept as given. */
  trace(list: Element | undefined): EdxmlTraceHop[] {
    if (!list) return [];
    return edxmlRead.children(list, 'TraceHeader').map((t) => {
      const organId = edxmlRead.organId(edxmlRead.requiredText(t, 'OrganId'), false, 'TraceHeader OrganId');
      const raw = edxmlRead.requiredText(t, 'Timestamp');
      const timestamp = parseEdxmlTimestamp(raw);
      if (!timestamp) throw EdxmlError.malformed('TraceHeader Timestamp', { value: raw.slice(0, 40) });
      return { organId, timestamp };
    });
  },
};
