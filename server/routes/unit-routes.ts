import { z } from 'zod';
import { POLICY } from '../../workflows/accounts/authorize';
import { createUnit } from '../../workflows/directory/create-unit';
import { dissolveUnit } from '../../workflows/directory/dissolve-unit';
import { getUnit } from '../../workflows/directory/get-unit';
import { listUnits } from '../../workflows/directory/list-units';
import { mergeUnits } from '../../workflows/directory/merge-units';
import { renameUnit } from '../../workflows/directory/rename-unit';
import type { RouteTable } from '../http/route-table';
import { cursor, isoDate, limit, unitLevel, unitSchema, uuidParam } from './schemas';

const unitPage = z.object({ items: z.array(unitSchema), nextCursor: z.string().nullable() });
const newUnit = z.strictObject({
  code: z.string().min(1).max(32).describe('QCVN 102:2016 code, e.g. 001.00.10.H47'),
  name: z.string().min(1).max(300),
  shortName: z.string().max(100).nullable().optional(),
  level: unitLevel,
  parentId: z.uuid().nullable().optional(),
});

/** The unit directory: readable by every account; reorganisations by admins of the unit or above. */
export function unitRoutes(table: RouteTable): void {
  const manage = POLICY['directory.manage'].roles;

  table.route({
    method: 'get',
    path: '/api/units',
    tags: ['units'],
    summary: 'Tra cứu đơn vị / Search units',
    description:
      '`q`: words of the name, short name or code, with or without diacritics (`uy ban` finds `Ủy ban`). ' +
      '`activeAt`: a date or `today` for units existing that day; omitted: past and present units.',
    auth: 'authenticated',
    query: z.strictObject({
      q: z.string().max(200).optional(),
      level: unitLevel.optional(),
      parent: z.uuid().optional(),
      activeAt: z.union([isoDate, z.literal('today')]).optional(),
      limit,
      cursor,
    }),
    response: unitPage,
    handler: async ({ ctx, query }) =>
      listUnits(ctx.db, {
        q: query.q,
        level: query.level,
        parentId: query.parent,
        activeAt: query.activeAt === 'today' ? ctx.clock.now() : query.activeAt,
        limit: query.limit,
        cursor: query.cursor,
      }),
  });

  table.route({
    method: 'get',
    path: '/api/units/:id',
    tags: ['units'],
    summary: 'Thông tin đơn vị / One unit',
    auth: 'authenticated',
    params: uuidParam,
    response: unitSchema,
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, params }) => getUnit(ctx.db, params.id),
  });

  table.route({
    method: 'post',
    path: '/api/units',
    tags: ['units'],
    summary: 'Thêm đơn vị / Create a unit',
    auth: manage,
    status: 201,
    body: newUnit.extend({ validFrom: isoDate.optional() }),
    response: unitSchema,
    errors: ['UNIT_CODE_DUPLICATE', 'UNIT_NOT_FOUND'],
    handler: async ({ ctx, body }) => createUnit(ctx, body),
  });

  table.route({
    method: 'post',
    path: '/api/units/:id/rename',
    tags: ['units'],
    summary: 'Đổi tên đơn vị / Rename a unit',
    auth: manage,
    params: uuidParam,
    body: z.strictObject({
      name: z.string().min(1).max(300),
      shortName: z.string().max(100).nullable().optional(),
      effectiveOn: isoDate,
    }),
    response: unitSchema,
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, params, body }) => renameUnit(ctx, { unitId: params.id, ...body }),
  });

  table.route({
    method: 'post',
    path: '/api/units/:id/dissolve',
    tags: ['units'],
    summary: 'Giải thể đơn vị / Dissolve a unit',
    description: 'Child units, accounts and pending work move to the successor from `effectiveOn`.',
    auth: manage,
    params: uuidParam,
    body: z.strictObject({ successorId: z.uuid(), effectiveOn: isoDate }),
    response: z.object({
      unit: unitSchema,
      successor: unitSchema,
      childrenMoved: z.number(),
      accountsMoved: z.number(),
    }),
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, params, body }) => dissolveUnit(ctx, { unitId: params.id, ...body }),
  });

  table.route({
    method: 'post',
    path: '/api/units/merge',
    tags: ['units'],
    summary: 'Sáp nhập đơn vị / Merge units',
    description: 'Into an existing unit (`into`) or a new one (`newUnit`), exactly one of the two.',
    auth: manage,
    body: z
      .strictObject({
        sourceIds: z.array(z.uuid()).min(1).max(100),
        effectiveOn: isoDate,
        into: z.uuid().optional(),
        newUnit: newUnit.extend({ parentId: z.uuid().nullable() }).optional(),
      })
      .refine((b) => (b.into === undefined) !== (b.newUnit === undefined), {
        message: 'exactly one of into, newUnit',
        path: ['into'],
      }),
    response: z.object({
      target: unitSchema,
      sources: z.array(unitSchema).readonly(),
      accountsMoved: z.number(),
    }),
    errors: ['UNIT_NOT_FOUND', 'UNIT_CODE_DUPLICATE'],
    handler: async ({ ctx, body }) =>
      mergeUnits(
        ctx,
        body.into !== undefined
          ? { sourceIds: body.sourceIds, effectiveOn: body.effectiveOn, into: body.into }
          : { sourceIds: body.sourceIds, effectiveOn: body.effectiveOn, newUnit: body.newUnit! },
      ),
  });
}
