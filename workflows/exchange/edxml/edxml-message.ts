/**
 * The content of edXML messages (QCVN 102:2016) as this server writes and reads them: documents
 * (`edXML:MessageHeader` + `edXML:TraceHeaderList` + attachments) and status messages (`edXML:Status`).
 * Element by element mapping: docs/edxml-federation.md.
 */

/** An organisation in From / To (QCVN 102:2016 `Organization`). */
export interface EdxmlOrgan {
  /** QCVN 102:2016 identifier code `NNN.NN.NN.XNN`. */
  readonly organId: string;
  readonly organName: string;
  readonly organizationInCharge?: string;
  readonly organAdd?: string;
  readonly email?: string;
  readonly telephone?: string;
  readonly fax?: string;
  readonly website?: string;
}

/** A file of the package: the main PDF first, then the attachments (phụ lục). */
export interface EdxmlFile {
  readonly name: string;
  /** MIME type of the file itself, from its bytes (the transfer may wrap it in a ZIP, edxml-attachment.ts). */
  readonly contentType: string;
  readonly content: Buffer;
  readonly description?: string;
}

/** edXML business types (`BussinessDocType`): 0 new, 1 recall, 2 update, 3 replace. */
export type EdxmlBusinessType = 0 | 1 | 2 | 3;

/** Priority (độ khẩn): 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export type EdxmlPriority = 0 | 1 | 2 | 3 | 4;

/** `StaffInfo`: who acted, in a business block or a status message. */
export interface EdxmlStaff {
  readonly department?: string;
  readonly staff?: string;
  readonly mobile?: string;
  readonly email?: string;
}

/** One hop of `TraceHeaderList`: the system the package went through and when. */
export interface EdxmlTraceHop {
  readonly organId: string;
  readonly timestamp: Date;
}

/** `ResponseFor`: the document a status message (or a reply) is about. */
export interface EdxmlResponseFor {
  /** The issuer of that document. */
  readonly organId: string;
  /** Its number and notation, `12/QĐ-UBND`. */
  readonly code: string;
  /** `YYYY-MM-DD`. */
  readonly promulgationDate: string;
  readonly documentId: string;
}

export interface EdxmlBusiness {
  readonly type: EdxmlBusinessType;
  readonly reason?: string;
  readonly staff?: EdxmlStaff;
  /** `Paper`: a paper original is sent as well. */
  readonly paper: boolean;
  /** Update (type 2), `BussinessDocumentInfo`: what changed — the document's data, its recipients. */
  readonly documentInfo?: { readonly document: boolean; readonly receivers: boolean };
  /** Replace (type 3), `ReplacementInfoList`: the documents this one replaces, at which organisations. */
  readonly replaces?: readonly { readonly documentId: string; readonly organIds: readonly string[] }[];
}

export interface EdxmlDocument {
  readonly from: EdxmlOrgan;
  readonly to: readonly EdxmlOrgan[];
  /** `Code`: CodeNumber and CodeNotation (`12`, `QĐ-UBND`). */
  readonly code: { readonly number: string; readonly notation: string };
  /** `PromulgationInfo`; `date` is `YYYY-MM-DD`. */
  readonly promulgation: { readonly place?: string; readonly date: string };
  /** `DocumentType`: the numeric type (QCVN 102:2016 list, edxml-document-type.ts), its name, `TypeDetail`. */
  readonly documentType: { readonly type: number; readonly name: string; readonly detail?: number };
  readonly subject: string;
  readonly content?: string;
  readonly signer?: { readonly competence?: string; readonly position?: string; readonly fullName: string };
  /** `YYYY-MM-DD`. */
  readonly dueDate?: string;
  readonly toPlaces: readonly string[];
  /** `OtherInfo`. */
  readonly other: {
    readonly priority: EdxmlPriority;
    readonly sphereOfPromulgation?: string;
    readonly typerNotation?: string;
    readonly promulgationAmount?: number;
    readonly pageAmount?: number;
    readonly appendixes?: readonly string[];
  };
  readonly responseFor?: readonly EdxmlResponseFor[];
  readonly steeringType: number;
  /** `{organId},{yyyy/MM/dd},{number}/{notation}` (edxmlDocumentId). */
  readonly documentId: string;
  readonly business: EdxmlBusiness;
  /** The systems the package went through, oldest first. */
  readonly trace: readonly EdxmlTraceHop[];
  /** The main PDF first, then attachments. Empty for a recall. */
  readonly files: readonly EdxmlFile[];
}

/** edXML status codes exchanged with other systems (DESIGN.md §3): the incoming statuses and the recall ones. */
export const EDXML_STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;
export type EdxmlStatusCode = (typeof EDXML_STATUS_CODES)[number];

export interface EdxmlStatus {
  readonly responseFor: EdxmlResponseFor;
  /** The organisation whose status this is (the recipient of the document). */
  readonly from: EdxmlOrgan;
  readonly statusCode: EdxmlStatusCode;
  readonly description?: string;
  readonly timestamp: Date;
  readonly staff?: EdxmlStaff;
  readonly trace: readonly EdxmlTraceHop[];
}

export type EdxmlMessage =
  | { readonly kind: 'document'; readonly document: EdxmlDocument }
  | { readonly kind: 'status'; readonly status: EdxmlStatus };
