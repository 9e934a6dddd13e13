import { z } from 'zod';
import { ROLES } from '../../workflows/context';

/** Schemas shared by several routes: what the API promises to send and accepts. */
export const uuidParam = z.strictObject({ id: z.uuid() });
export const isoDate = z.iso.date().describe('Calendar date in Vietnam, YYYY-MM-DD');
export const role = z.enum(ROLES);
export const unitLevel = z.enum(['province', 'district', 'commune']);
/** Page size for list routes; pages continue with the previous answer's `nextCursor`. */
export const limit = z.coerce.number().int().min(1).max(500).optional();
export const cursor = z.string().max(200).optional();

export const unitSchema = z.object({
  id: z.uuid(),
  code: z.string().describe('QCVN 102:2016 identifier code NNN.NN.NN.XNN'),
  name: z.string(),
  shortName: z.string().nullable(),
  level: unitLevel,
  parentId: z.uuid().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable().describe('Exclusive end: first day the unit no longer exists'),
  successorId: z.uuid().nullable(),
});

const dateTime = z.union([z.date(), z.string()]).transform((d) => (d instanceof Date ? d.toISOString() : d));

export const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  fullName: z.string(),
  title: z.string().nullable(),
  unitId: z.uuid(),
  roles: z.array(role).readonly(),
  active: z.boolean(),
  lockedUntil: dateTime.nullable(),
  createdAt: dateTime,
});

export { dateTime };
