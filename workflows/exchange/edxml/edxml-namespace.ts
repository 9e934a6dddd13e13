/** QCVN 102:2016 namespace; every child element carries the `edXML:` prefix (DESIGN.md §6). */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const EDXML_PREFIX = 'edXML';
/** W3C XML Signature (XMLDSig 1.0) namespace of the package signature. */
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** XLink, for the Manifest references (`xlink:href="cid:..."`). */
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
/** SOAP 1.1 envelope: the Bkav eDoc SDK carries the edXML header and body in SOAP-ENV:Header / SOAP-ENV:Body. */
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
