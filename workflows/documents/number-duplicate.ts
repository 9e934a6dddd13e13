import { documentNumberText } from '../signing/document-number-text';
import { DocumentError } from './document-error';

/** Maps PostgreSQL's unique violation on (issuer, year, number, notation) to DOCUMENT_NUMBER_DUPLICATE. */
export function numberDuplicate(
  e: unknown,
  d: { unitId: string; year: number; number: number; notation: string },
): unknown {
  const pg = e as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = pg.driverError?.code ?? pg.code;
  const constraint = pg.driverError?.constraint ?? pg.constraint;
  if (code !== '23505' || constraint !== 'outgoing_documents_number_key') return e;
  return new DocumentError(
    'DOCUMENT_NUMBER_DUPLICATE',
    {
      vi: `Số, ký hiệu ${documentNumberText(d.number, d.notation)} năm ${d.year} đã được đơn vị ban hành sử dụng`,
      en: `Number and notation ${documentNumberText(d.number, d.notation)} of ${d.year} is already used by the issuer`,
    },
    { ...d },
    e,
  );
}
