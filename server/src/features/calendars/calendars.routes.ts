import {
  CalendarDays,
  CalendarDaysQuery,
  Closure,
  ClosureParams,
  CreateClosureBody,
  errorResponses,
  IdParams,
  Ok,
  OrganisationCalendar,
  PutSpecialDayBody,
  SpecialDay,
  SpecialDayParams,
  UpdateHolidayPolicyBody,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['営業日カレンダー'];
const base = '/api/organisations/:id/calendar';

export async function calendarsRoutes(app: App, { calendars: service }: Services): Promise<void> {
  app.get(
    base,
    {
      schema: {
        tags,
        summary: '機関の営業日カレンダーと、今の営業状況・次の営業開始・今後の休業日',
        params: IdParams,
        response: { 200: OrganisationCalendar, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.get(request.ctx, request.params.id),
  );

  app.get(
    `${base}/days`,
    {
      schema: {
        tags,
        summary: '日ごとの営業時間（祝日・休業・特別営業を反映、93 日まで）',
        params: IdParams,
        querystring: CalendarDaysQuery,
        response: { 200: CalendarDays, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({ days: await service.days(request.ctx, request.params.id, request.query) }),
  );

  app.patch(
    base,
    {
      schema: {
        tags,
        summary: '祝日・年末年始に休むかどうかを変更',
        params: IdParams,
        body: UpdateHolidayPolicyBody,
        response: { 200: OrganisationCalendar, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.updatePolicy(request.ctx, request.params.id, request.body),
  );

  app.post(
    `${base}/closures`,
    {
      schema: {
        tags,
        summary: '休業期間を追加（一度だけ、または毎年）',
        params: IdParams,
        body: CreateClosureBody,
        response: { 201: Closure, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addClosure(request.ctx, request.params.id, request.body)),
  );

  app.delete(
    `${base}/closures/:closureId`,
    {
      schema: {
        tags,
        summary: '休業期間を削除',
        params: ClosureParams,
        response: { 200: Ok, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      await service.removeClosure(request.ctx, request.params.id, request.params.closureId);
      return { ok: true as const };
    },
  );

  app.put(
    `${base}/special-days/:date`,
    {
      schema: {
        tags,
        summary: 'ある日だけの営業時間（臨時休業は営業時間なし）を設定',
        params: SpecialDayParams,
        body: PutSpecialDayBody,
        response: { 200: SpecialDay, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      service.putSpecialDay(request.ctx, request.params.id, request.params.date, request.body),
  );

  app.delete(
    `${base}/special-days/:date`,
    {
      schema: {
        tags,
        summary: 'ある日だけの営業時間を取り消す',
        params: SpecialDayParams,
        response: { 200: Ok, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      await service.removeSpecialDay(request.ctx, request.params.id, request.params.date);
      return { ok: true as const };
    },
  );
}
