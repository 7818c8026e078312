// The monthly report: GET /api/reports/monthly.xlsx and .csv, and the log of personal-data downloads.
// [RP1]–[RP5] in docs/api.md.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { reportDateOf } from '../../shared/months';
import type { ServerContext } from '../context';
import { AppError } from '../http/app-error';
import { requireAuth, requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { monthParam } from '../indicators/query-input';
import { listDataAccess, recordDataAccess } from '../reports/access-log';
import { summaryCsv } from '../reports/csv';
import { buildMonthlyReport } from '../reports/monthly-report';
import { monthlyReportXlsx } from '../reports/xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const booleanParam = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const xlsxQuery = z.strictObject({ month: monthParam, followUp: booleanParam.optional() });
const csvQuery = z.strictObject({ month: monthParam });
const accessLogQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).optional() });

function reportDate(month: string, now: Date): string {
  const asOf = reportDateOf(month, now);
  if (asOf === null) throw new AppError('MONTH_NOT_STARTED', { month: 'validation.futureMonth' });
  return asOf;
}

function sendFile(reply: FastifyReply, body: Buffer | string, type: string, filename: string): FastifyReply {
  // Personal data and figures that change: never kept by a proxy or the browser's cache.
  return reply.header('cache-control', 'no-store').header('content-type', type).header('content-disposition', `attachment; filename="${filename}"`).send(body);
}

export function reportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/reports/monthly.xlsx', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const query = parseOrThrow(xlsxQuery, request.query);
    // The follow-up sheet names people: the commune administrator's by default, nobody else's ever.
    const withFollowUp = query.followUp ?? auth.role === 'commune_admin';
    if (withFollowUp && auth.role !== 'commune_admin') throw new AppError('FORBIDDEN', { followUp: 'forbidden' });
    const now = ctx.now();
    const report = await buildMonthlyReport(ctx.db, auth, { month: query.month, asOf: reportDate(query.month, now), now, withFollowUp });
    const file = await monthlyReportXlsx(report);
    if (report.followUp) {
      await recordDataAccess(ctx.db, auth, now, 'report.monthly.followUp', {
        month: report.month,
        asOf: report.asOf,
        // Every village of the scope: the follow-up sheet lists them all, even one made after a snapshot.
        villages: report.scopeVillageCount,
        persons: report.followUp.length,
        format: 'xlsx',
      });
    }
    return sendFile(reply, file, XLSX_TYPE, `bao-cao-cong-dan-so-${query.month}.xlsx`);
  });

  app.get('/api/reports/monthly.csv', async (request, reply) => {
    const auth = await requireAuth(ctx, request);
    const { month } = parseOrThrow(csvQuery, request.query);
    const now = ctx.now();
    const report = await buildMonthlyReport(ctx.db, auth, { month, asOf: reportDate(month, now), now, withFollowUp: false });
    return sendFile(reply, summaryCsv(report), 'text/csv; charset=utf-8', `tong-hop-cong-dan-so-${month}.csv`);
  });

  app.get('/api/admin/data-access-log', async (request) => {
    const auth = await requireRole(ctx, request, ['commune_admin']);
    const { limit } = parseOrThrow(accessLogQuery, request.query);
    return { entries: await listDataAccess(ctx.db, auth.communeId, limit ?? 100) };
  });
}
