/** Public API of the PDF engine (reader, incremental writer, signature placeholder). */
export * from './objects';
export * from './errors';
export { BufferSource, FileSource, toByteSource, type ByteSource, type PdfInput } from './byte-source';
export {
  PdfReader,
  DEFAULT_LIMITS,
  type PdfLimits,
  type PdfReaderOptions,
  type PageInfo,
  type EncryptionInfo,
} from './reader';
export type { Revision, XrefEntry } from './xref';
export * from './acroform';
export { IncrementalUpdate, type IncrementalUpdateOptions, type WrittenUpdate } from './incremental-writer';
export * from './signature-placeholder';
export { ByteSink, encodeName, encodeLiteral } from './serializer';
