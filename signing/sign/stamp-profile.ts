/**
 * The stamp layout of Decree 30/2020/ND-CP Appendix I (electronic signatures on documents), as a
 * JSON-able profile. Coordinates are PDF points (1/72 in) in default user space, origin at the
 * bottom left of the page (ISO 32000-2 §8.3.2.3). Colours are RGB in 0..1.
 *
 * - Leader (approval) signature: the leader's signature image, blue, centred above the leader's
 *   name, under the title ("GIÁM ĐỐC"), in `leader.box`; the image is fitted into `leader.imageBox`.
 * - Number and date: empty text fields added to the draft before the first signature.
 * - Organisation seal: the red seal image at real size, centred over the left third of the leader's
 *   image box; organisation name and signing time (ISO 8601, +07:00) in `seal.textBox`, black.
 * - Attachments: no image; number and notation and the signing time at the top right of page 1.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SignError } from './sign-error';

const box = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
});
const rgb = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]);
/** 'first', 'last' or a 0-based page index. */
const page = z.union([z.literal('first'), z.literal('last'), z.number().int().nonnegative()]);

export const stampProfileSchema = z.object({
  name: z.string(),
  /** Path of a TrueType font with Vietnamese glyphs; default DejaVu Serif. */
  fontPath: z.string().optional(),
  fontSize: z.number().positive(),
  leader: z.object({
    page,
    box,
    imageBox: box,
    textColor: rgb,
    /**
     * The document template prints the signature block (the title — "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" —
     * above the stamp and the name below it), as Decree 30 Appendix I lays it out. Default true.
     */
    signatureBlockInTemplate: z.boolean().optional(),
    /** Draw the title in the stamp. Default: only when the template has no signature block (no repeat). */
    showTitle: z.boolean().optional(),
  }),
  fields: z.object({
    page,
    number: z.object({ name: z.string().min(1), box }),
    /**
     * The place-and-date line ("Long Giang, ngày 07 tháng 12 năm 2026"): one line, italic, 13 pt
     * (Decree 30 Appendix I: 13–14 pt italic); `fontPath` default DejaVu Serif Condensed Italic.
     */
    date: z.object({
      name: z.string().min(1),
      box,
      fontPath: z.string().optional(),
      fontSize: z.number().positive().optional(),
    }),
    textColor: rgb,
  }),
  seal: z.object({
    /** Real size of the seal image in points (a 36 mm seal is about 102 pt). */
    diameter: z.number().positive(),
    textBox: box,
    textColor: rgb,
  }),
  attachment: z.object({
    width: z.number().positive(),
    height: z.number().positive(),
    /** Distance from the top and right edges of page 1's crop box. */
    margin: z.number().nonnegative(),
    textColor: rgb,
  }),
});

export type StampProfile = z.infer<typeof stampProfileSchema>;
export type StampBox = z.infer<typeof box>;

/**
 * The default profile for an A4 portrait page (595 × 842 pt) laid out as Decree 30 Appendix I:
 * number under the issuing body at the top left, place and date at the top right, signature
 * block at the bottom right.
 */
export const DEFAULT_STAMP_PROFILE: StampProfile = Object.freeze({
  name: 'nd30-a4',
  fontSize: 10,
  leader: {
    page: 'last',
    box: { x: 330, y: 108, width: 200, height: 142 },
    imageBox: { x: 360, y: 150, width: 140, height: 66 },
    textColor: [0.05, 0.2, 0.65],
  },
  fields: {
    page: 'first',
    number: { name: 'so_van_ban', box: { x: 70, y: 742, width: 170, height: 16 } },
    // Right edge at 545 pt (right margin 50 pt ≈ 17.6 mm): a 13 pt italic date line fits on one line.
    date: { name: 'ngay_ban_hanh', box: { x: 285, y: 742, width: 260, height: 18 } },
    textColor: [0, 0, 0],
  },
  seal: {
    diameter: 102,
    textBox: { x: 140, y: 160, width: 180, height: 40 },
    textColor: [0, 0, 0],
  },
  attachment: { width: 240, height: 34, margin: 18, textColor: [0, 0, 0] },
}) as StampProfile;

/** The date line's size (13 pt unless the profile says otherwise). */
export const DATE_LINE_SIZE = 13;

/** Whether the leader's stamp draws the title (not when the template's signature block already has it). */
export function leaderShowsTitle(profile: StampProfile): boolean {
  return profile.leader.showTitle ?? !(profile.leader.signatureBlockInTemplate ?? true);
}

/** Where the seal goes: centred on the left third of the leader's image box (Decree 30 Appendix I). */
export function sealBox(profile: StampProfile): StampBox {
  const img = profile.leader.imageBox;
  const d = profile.seal.diameter;
  const cx = img.x + img.width / 6;
  const cy = img.y + img.height / 2;
  return { x: cx - d / 2, y: cy - d / 2, width: d, height: d };
}

/** Read and validate a profile (JSON file or object); unknown keys are refused. */
export function parseStampProfile(input: unknown): StampProfile {
  const r = stampProfileSchema.strict().safeParse(input);
  if (!r.success) {
    throw new SignError(
      'SIGN_OPTIONS_INVALID',
      { vi: 'Hồ sơ mẫu dấu chữ ký không hợp lệ', en: 'Invalid stamp profile' },
      { details: { issues: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) } },
    );
  }
  return r.data;
}

export function loadStampProfile(path: string): StampProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new SignError(
      'SIGN_OPTIONS_INVALID',
      { vi: `Không đọc được hồ sơ mẫu dấu ${path}`, en: `Cannot read the stamp profile ${path}` },
      { cause },
    );
  }
  return parseStampProfile(json);
}
