import { appendAuditEvent } from '../audit/append-audit-event';
import { authorize } from '../accounts/authorize';
import type { DomainContext } from '../context';
import { placeNameOf } from './place-name';
import './signing-audit-events';
import { SigningError } from './signing-error';

export interface UnitSigningSettings {
  readonly unitId: string;
  /** The override set by an admin, or null. */
  readonly placeName: string | null;
  /** What the date line uses now (the override, else derived from the unit and its ancestors). */
  readonly effectivePlaceName: string;
}

/** The unit's signing settings (admins of the unit or above; another unit answers 404). */
export async function getUnitSigningSettings(
  ctx: DomainContext,
  input: { readonly unitId: string },
): Promise<UnitSigningSettings> {
  await authorize(ctx.db, ctx.actor, 'accounts.manage', {
    unitId: input.unitId,
    notFound: () => SigningError.ownerNotFound({ unitId: input.unitId }),
  });
  return read(ctx, input.unitId);
}

/**
 * Sets (or with null clears) the place name of a unit's date line (Decree 30 Appendix I §II.4.a), for
 * units whose name does not give it (e.g. "Thành phố Hồ Chí Minh" rather than "Hồ Chí Minh").
 */
export async function setUnitSigningSettings(
  ctx: DomainContext,
  input: { readonly unitId: string; readonly placeName: string | null },
): Promise<UnitSigningSettings> {
  const placeName = input.placeName === null ? null : input.placeName.normalize('NFC').trim();
  if (placeName !== null && (placeName === '' || placeName.length > 100 || /[\r\n,]/.test(placeName))) {
    throw new SigningError(
      'SIGNING_SETTINGS_INVALID',
      {
        vi: 'Địa danh phải có 1–100 ký tự, không có dấu phẩy hay xuống dòng',
        en: 'The place name must be 1–100 characters without commas or line breaks',
      },
      { details: { field: 'placeName' } },
    );
  }
  await ctx.db.transaction(async (m) => {
    await authorize(m, ctx.actor, 'accounts.manage', {
      unitId: input.unitId,
      notFound: () => SigningError.ownerNotFound({ unitId: input.unitId }),
    });
    await m.query(
      `INSERT INTO unit_signing_settings (unit_id, place_name, updated_at, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (unit_id) DO UPDATE SET place_name = $2, updated_at = $3, updated_by = $4`,
      [input.unitId, placeName, ctx.clock.now(), ctx.actor.userId],
    );
    await appendAuditEvent(m, ctx, {
      type: 'UNIT_SIGNING_SETTINGS_SET',
      unitId: input.unitId,
      payload: { unitId: input.unitId, placeName },
    });
  });
  return read(ctx, input.unitId);
}

async function read(ctx: DomainContext, unitId: string): Promise<UnitSigningSettings> {
  const rows: { place_name: string | null }[] = await ctx.db.query(
    `SELECT place_name FROM unit_signing_settings WHERE unit_id = $1`,
    [unitId],
  );
  return {
    unitId,
    placeName: rows[0]?.place_name ?? null,
    effectivePlaceName: await placeNameOf(ctx.db, unitId),
  };
}
