import { DOMParser, type Document, type Node } from '@xmldom/xmldom';
import { EdxmlError } from './edxml-error';

export interface XmlLimits {
  /** Largest input accepted, in bytes. */
  readonly maxBytes: number;
  /** Most elements (counted as `<` characters before parsing, so a flood is refused unparsed). */
  readonly maxElements: number;
  /** Deepest element nesting. */
  readonly maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxElements: 20_000,
  maxDepth: 24,
};

/**
 * Parses untrusted XML (a package from another system). Refused before parsing: input above `maxBytes`,
 * anything that is not UTF-8, a document type declaration or entity declaration (so no external entities
 * and no entity expansion at all: XXE and "billion laughs" cannot happen), processing instructions other
 * than the XML declaration, and more markup than `maxElements`. Refused after parsing: any parser warning
 * or error, and nesting deeper than `maxDepth` (checked without recursion). Returns the document and the
 * decoded text it was parsed from (what a signature check must see).
 */
export function parseSafeXml(
  input: Buffer | string,
  limits: XmlLimits = DEFAULT_XML_LIMITS,
): { readonly doc: Document; readonly text: string } {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > limits.maxBytes) throw EdxmlError.tooLarge('bytes', limits.maxBytes);
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch (e) {
      throw EdxmlError.malformed('not UTF-8', undefined, e);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw EdxmlError.malformed('DOCTYPE and entities are not allowed');
  if (/<\?(?!xml[\s?])/i.test(text) || /<\?xml[\s?]/i.test(text.slice(1))) {
    throw EdxmlError.malformed('processing instructions are not allowed');
  }
  let markup = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    if (++markup > limits.maxElements * 2 + 4) throw EdxmlError.tooLarge('elements', limits.maxElements);
  }

  const problems: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, msg) => {
        problems.push(`${level}: ${msg}`);
      },
    }).parseFromString(text, 'application/xml');
  } catch (e) {
    throw EdxmlError.malformed(
      'not well-formed XML',
      { problems: [String((e as Error).message).slice(0, 200)] },
      e,
    );
  }
  if (problems.length || !doc.documentElement) {
    throw EdxmlError.malformed('not well-formed XML', {
      problems: problems.slice(0, 5).map((p) => p.slice(0, 200)),
    });
  }

  // Depth and element count, iteratively (a recursive walk is what a deep document attacks).
  let elements = 0;
  const stack: { node: Node; depth: number }[] = [{ node: doc.documentElement, depth: 1 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (node.nodeType !== 1) continue;
    if (++elements > limits.maxElements) throw EdxmlError.tooLarge('elements', limits.maxElements);
    if (depth > limits.maxDepth)
      throw EdxmlError.malformed('nested too deeply', { maxDepth: limits.maxDepth });
    for (let c = node.firstChild; c; c = c.nextSibling) stack.push({ node: c, depth: depth + 1 });
  }
  return { doc, text };
}
