import { Type } from 'typebox';
import { invalid } from '../core/index.js';
import { errorResponses, IdParams, type ModuleRoutes, PageQuery, pageOf, scopeOf } from '../server/http.js';
import { LABEL_MIME } from './label/index.js';
import { LABEL_FORMATS, LABEL_SIZES, type LabelDpi, type LabelFormat, type LabelSize } from './label/model.js';
import { printWaybills } from './labels.js';
import { isLabelSizeName, type LabelSizeName } from './model.js';
import { paperSaving, paperSavingTotals } from './paper.js';
import {
  addCarrier,
  countWaybills,
  getWaybill,
  issueWaybills,
  listCarriers,
  listWaybillAccess,
  listWaybills,
  markReprinted,
  resolveToken,
  voidWaybill,
} from './store.js';

const tags = ['waybills'];
const Loose = Type.Object({}, { additionalProperties: true });

const LabelQuery = Type.Object({
  format: Type.Optional(Type.Enum([...LABEL_FORMATS], { description: 'default pdf' })),
  size: Type.Optional(Type.Enum([...LABEL_SIZES], { description: 'mm; default 76x130 (one-part)' })),
  dpi: Type.Optional(Type.Enum(['203', '300'], { description: 'ZPL, TSPL and PNG resolution; default 203' })),
});

const labelOptions = (q: { format?: string; size?: string; dpi?: string }) => ({
  format: (q.format ?? 'pdf') as LabelFormat,
  size: (q.size ?? '76x130') as LabelSize,
  dpi: Number(q.dpi ?? 203) as LabelDpi,
});

export const waybillRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db, keyRing } = deps;

  const carrierNames = async (scope: ReturnType<typeof scopeOf>) =>
    new Map((await listCarriers(db, scope)).map((c) => [c.code, c.name]));

  app.post(
    '/waybills',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary:
          'Issue e-waybills for parcels ({"parcels":[{orderKey, carrier, sender, recipient, weightKg, contents}]}); the same order key returns the same waybill',
        body: Type.Object(
          {
            parcels: Type.Array(Loose, { minItems: 1, maxItems: 1000 }),
            carrier: Type.Optional(Type.String({ description: 'carrier of parcels that name none' })),
            labelSize: Type.Optional(Type.Enum([...LABEL_SIZES])),
            tenantId: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ items: Type.Array(Loose) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { parcels, carrier, labelSize, tenantId } = request.body;
      const items = await issueWaybills(db, scopeOf(request), keyRing, parcels, {
        ...(tenantId ? { tenantId } : {}),
        ...(carrier ? { defaultCarrier: carrier } : {}),
        ...(labelSize ? { labelSize: labelSize as LabelSizeName } : {}),
      });
      return reply.status(201).send({ items });
    },
  );

  app.get(
    '/waybills',
    {
      schema: {
        tags,
        summary: 'Waybills (masked parties), oldest first',
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(Type.Enum(['issued', 'voided'])),
          carrier: Type.Optional(Type.String()),
          orderKey: Type.Optional(Type.String()),
        }),
        response: { 200: pageOf(Loose), ...errorResponses },
      },
    },
    async (request) => listWaybills(db, scopeOf(request), keyRing, request.query as never),
  );

  app.get(
    '/waybills/summary',
    {
      schema: {
        tags,
        summary: 'E-waybills applied and the paper and kg CO2e saved against multi-part paper waybills',
        querystring: Type.Object({ size: Type.Optional(Type.Enum([...LABEL_SIZES])) }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => {
      const counts = await countWaybills(db, scopeOf(request));
      const size = request.query.size ?? '76x130';
      if (!isLabelSizeName(size)) throw invalid(`unknown label size ${size}`);
      const perLabel = paperSaving(size);
      return { ...counts, perLabel, totals: paperSavingTotals(counts.issued, perLabel) };
    },
  );

  app.get(
    '/waybills/carriers',
    {
      schema: {
        tags,
        summary: 'Carriers and their numbering (prefix, sequence digits, check-digit scheme)',
        response: { 200: Type.Object({ items: Type.Array(Loose) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listCarriers(db, scopeOf(request)) }),
  );

  app.post(
    '/waybills/carriers',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'Add a carrier (admin without tenantId: shared by every tenant)',
        body: Loose,
        response: { 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, ...input } = request.body as { tenantId?: string };
      return reply.status(201).send(await addCarrier(db, scopeOf(request), input, tenantId ? { tenantId } : {}));
    },
  );

  app.get(
    '/waybills/access-log',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Audit trail of full-data reads (who, when, which waybill, why), failed ones included',
        querystring: Type.Object({ ...PageQuery.properties, waybill: Type.Optional(Type.String()) }),
        response: { 200: pageOf(Loose), ...errorResponses },
      },
    },
    async (request) => listWaybillAccess(db, scopeOf(request), request.query),
  );

  app.post(
    '/waybills/labels',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'Print many waybills as one job: one PDF, or ZPL/TSPL commands one label after another',
        body: Type.Object(
          {
            ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 500 }),
            format: Type.Optional(Type.Enum(['pdf', 'zpl', 'tspl'])),
            size: Type.Optional(Type.Enum([...LABEL_SIZES])),
            dpi: Type.Optional(Type.Enum(['203', '300'])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const options = labelOptions(request.body);
      const waybills = [];
      for (const id of request.body.ids) waybills.push(await getWaybill(db, scope, keyRing, id));
      const out = await printWaybills(waybills, await carrierNames(scope), options);
      for (const w of waybills) await markReprinted(db, scope, keyRing, w.id);
      return reply.type(LABEL_MIME[options.format]).send(out);
    },
  );

  app.get(
    '/waybills/:id',
    {
      schema: {
        tags,
        summary: 'A waybill by id or number, with masked parties',
        params: IdParams,
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => getWaybill(db, scopeOf(request), keyRing, request.params.id),
  );

  app.post(
    '/waybills/:id/void',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'Void a waybill: it can no longer be printed; its order key stays taken',
        params: IdParams,
        querystring: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => voidWaybill(db, scopeOf(request), keyRing, request.params.id, request.query.reason),
  );

  app.get(
    '/waybills/:id/label',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'The label (PDF, ZPL, TSPL or a PNG preview); every print after the first counts as a reprint',
        params: IdParams,
        querystring: LabelQuery,
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const options = labelOptions(request.query);
      const waybill = await getWaybill(db, scope, keyRing, request.params.id);
      const out = await printWaybills([waybill], await carrierNames(scope), options);
      await markReprinted(db, scope, keyRing, waybill.id);
      return reply.type(LABEL_MIME[options.format]).send(out);
    },
  );

  app.get(
    '/waybills/:id/recipient',
    {
      config: { roles: ['courier'] },
      schema: {
        tags,
        summary:
          'Full sender and recipient behind the label’s QR token (courier keys only; every read is audited with its purpose)',
        params: IdParams,
        querystring: Type.Object({
          token: Type.String({ minLength: 1, maxLength: 200, description: 'the token the label’s QR code carries' }),
          purpose: Type.String({ minLength: 1, maxLength: 100, description: 'why the data is read, e.g. delivery' }),
        }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => resolveToken(db, scopeOf(request), keyRing, request.query.token, request.query.purpose, request.params.id),
  );
};
