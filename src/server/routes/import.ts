// Bringing a village's existing household list in: POST /api/import/households?dryRun=1|0 and the
// template, GET /api/import/template.xlsx|.csv. commune_admin only. [IM1]–[IM6] in docs/api.md.
import { MAX_IMPORT_BYTES } from '../../shared/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { villagesOf } from '../auth/users';
import { AppError } from '../http/app-error';
import { requireRole } from '../http/guards';
import { parseOrThrow } from '../http/validate';
import { parseHouseholds } from '../import/parse-households';
import { readImportTable } from '../import/read-table';
import { templateCsv, templateXlsx } from '../import/template';
import { acceptFileUploads, UploadedFile } from '../import/upload';
import { writeImport } from '../import/write-import';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const importQuery = z.strictObject({ dryRun: z.enum(['1', '0', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true') });

export function importRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.register(async (scope) => {
    acceptFileUploads(scope);
    scope.post('/api/import/households', { bodyLimit: MAX_IMPORT_BYTES }, async (request) => {
      const auth = await requireRole(ctx, request, ['commune_admin']);
      const { dryRun } = parseOrThrow(importQuery, request.query);
      if (!(request.body instanceof UploadedFile)) throw new AppError('IMPORT_UNREADABLE');
      const { rows, sheetsNotRead } = await readImportTable(request.body.bytes);
      const villages = await villagesOf(ctx.db, { id: auth.userId, role: auth.role, communeId: auth.communeId });
      const parsed = parseHouseholds(rows, villages);
      const written = await ctx.db.transaction((tx) => writeImport(tx, auth, parsed.households, ctx.now(), dryRun));
      const rejected = [...parsed.rejected, ...written.deleted].sort((a, b) => a.row - b.row);
      const imported = parsed.households.filter((h) => !written.deleted.some((d) => d.household_key === h.key));
      return {
        dryRun,
        households: imported.length,
        // The rows taken: not those a deletion on the server, or a team's move, keeps out (each has a warning).
        persons: imported.reduce((sum, h) => sum + h.persons.length, 0) - written.counts.persons.skipped,
        rejected,
        rejectedHouseholds: parsed.rejectedHouseholds + written.deleted.length,
        created: { households: written.counts.households.created, persons: written.counts.persons.created },
        updated: { households: written.counts.households.updated, persons: written.counts.persons.updated },
        keptFromTeams: written.counts.keptFromTeams,
        warnings: written.warnings,
        sheetsNotRead,
      };
    });
  });

  app.get('/api/import/template.csv', async (request, reply) => {
    await requireRole(ctx, request, ['commune_admin']);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="mau-danh-sach-ho.csv"').send(templateCsv());
  });

  app.get('/api/import/template.xlsx', async (request, reply) => {
    await requireRole(ctx, request, ['commune_admin']);
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', 'attachment; filename="mau-danh-sach-ho.xlsx"').send(await templateXlsx());
  });
}
