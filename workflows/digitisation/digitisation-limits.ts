/** Bounds of digitisation (docs/digitisation.md); the server passes its own, tests smaller ones. */
export interface DigitisationLimits {
  /** Lowest scan resolution accepted, dpi (422 DIGITISATION_RESOLUTION_TOO_LOW below it). */
  readonly minDpi: number;
  /** Largest scan file, bytes (413 beyond it). */
  readonly maxFileBytes: number;
  readonly maxPagesPerFile: number;
  readonly maxPagesPerRecord: number;
  readonly maxFilesPerRecord: number;
  /** Largest page image in pixels (422 DIGITISATION_IMAGE_TOO_LARGE beyond it). */
  readonly maxPixelsPerPage: number;
  /** Reading an upload's headers (pdfinfo, pdfimages, Pillow). */
  readonly inspectTimeoutMs: number;
  /** One file's OCR: this much per page, at least a minute (ocrmypdf killed beyond it; the job retries). */
  readonly ocrMsPerPage: number;
  /** Attempts of the OCR job (a crash or a timeout retries with back-off). */
  readonly ocrAttempts: number;
}

export const DEFAULT_DIGITISATION_LIMITS: DigitisationLimits = {
  minDpi: 200,
  maxFileBytes: 200 * 1024 * 1024,
  maxPagesPerFile: 300,
  maxPagesPerRecord: 1000,
  maxFilesPerRecord: 50,
  maxPixelsPerPage: 200_000_000,
  inspectTimeoutMs: 60_000,
  ocrMsPerPage: 60_000,
  ocrAttempts: 5,
};

/** Job kind of the OCR of one record (server/jobs/ocr-job.ts). */
export const OCR_JOB = 'digitisation.ocr';
