import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  AccountOverview,
  ChangePasswordBody,
  CsrfToken,
  EnrollmentConfirmed,
  errorResponses,
  Ok,
  RecoveryCodeBody,
  RecoveryCodes,
  SessionInfo,
  SignInBody,
  SwitchOrganisationBody,
  TotpCodeBody,
  TotpEnrollment,
} from '@tsunagu/contract';
import { clearSessionCookie, csrfTokenFor, setSessionCookie } from '../../platform/auth/authenticate.ts';
import { sessionOf, signInRateLimit, type App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';
import { deviceTokensOf, setDeviceCookie } from './device-cookie.ts';
import type { SessionIssued } from './session-info.ts';

const tags = ['サインイン・アカウント'];

/** Sign-in with two-factor, the session, and my account. */
export async function authRoutes(app: App, { deps, signIn, account }: Services): Promise<void> {
  /** The session's cookie, and after a completed sign-in the device cookie; the client's view. */
  function sendSession(request: FastifyRequest, reply: FastifyReply, result: SessionIssued): SessionInfo {
    setSessionCookie(request, reply, deps, result.sessionId, result.expiresAt);
    if (result.deviceTokens) setDeviceCookie(request, reply, deps, result.deviceTokens);
    return result.info;
  }

  app.get(
    '/api/auth/csrf',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'CSRFトークンを取得（セッションに結びつく。サインイン前はこのブラウザに）',
        response: { 200: CsrfToken },
      },
    },
    async (request, reply) => ({ token: await csrfTokenFor(request, reply, deps) }),
  );

  app.post(
    '/api/auth/sign-in',
    {
      config: { auth: 'public', ...signInRateLimit },
      schema: {
        tags,
        summary: 'メールアドレスとパスワードでサインイン（第1段階）',
        body: SignInBody,
        response: { 200: SessionInfo, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const result = await signIn.signIn(
        request.ctx,
        request.body,
        request.session?.idHash ?? null,
        deviceTokensOf(request),
      );
      return sendSession(request, reply, result);
    },
  );

  app.post(
    '/api/auth/totp',
    {
      config: { auth: 'partial', ...signInRateLimit },
      schema: {
        tags,
        summary: '確認コードで二要素認証',
        body: TotpCodeBody,
        response: { 200: SessionInfo, ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (request, reply) => {
      const result = await signIn.verifyTotp(
        request.ctx,
        sessionOf(request),
        request.body.code,
        deviceTokensOf(request),
      );
      return sendSession(request, reply, result);
    },
  );

  app.post(
    '/api/auth/recovery-code',
    {
      config: { auth: 'partial', ...signInRateLimit },
      schema: {
        tags,
        summary: 'リカバリーコードで二要素認証',
        body: RecoveryCodeBody,
        response: { 200: SessionInfo, ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (request, reply) => {
      const result = await signIn.useRecoveryCode(
        request.ctx,
        sessionOf(request),
        request.body.recoveryCode,
        deviceTokensOf(request),
      );
      return sendSession(request, reply, result);
    },
  );

  app.post(
    '/api/auth/totp/enrollment',
    {
      config: { auth: 'partial' },
      schema: {
        tags,
        summary: '二要素認証の設定を開始（QRコード）',
        response: { 200: TotpEnrollment, ...errorResponses(401, 409) },
      },
    },
    async (request) => signIn.startEnrollment(request.ctx, sessionOf(request)),
  );

  app.post(
    '/api/auth/totp/enrollment/confirm',
    {
      config: { auth: 'partial', ...signInRateLimit },
      schema: {
        tags,
        summary: '二要素認証の設定を確定',
        body: TotpCodeBody,
        response: { 200: EnrollmentConfirmed, ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (request, reply) => {
      const result = await signIn.confirmEnrollment(
        request.ctx,
        sessionOf(request),
        request.body.code,
        deviceTokensOf(request),
      );
      return { session: sendSession(request, reply, result), recoveryCodes: result.recoveryCodes };
    },
  );

  app.get(
    '/api/auth/session',
    {
      config: { auth: 'partial' },
      schema: { tags, summary: '現在のセッション', response: { 200: SessionInfo, ...errorResponses(401) } },
    },
    async (request) => signIn.describe(request.ctx, sessionOf(request)),
  );

  app.post(
    '/api/auth/activity',
    {
      config: { auth: 'password-change' },
      schema: {
        tags,
        summary: '操作中の合図（入力中の画面からときどき送り、セッションを保つ）',
        description:
          '通信のないまま長い文章を書いている人のセッションが切れないように、画面は入力が続くあいだ数分に一度これを送ります。記録はしません。',
        response: { 200: Ok, ...errorResponses(401, 403) },
      },
    },
    // The authentication hook has already moved the idle clock, as for any request a person makes.
    async () => ({ ok: true as const }),
  );

  app.put(
    '/api/auth/session/organisation',
    {
      schema: {
        tags,
        summary: '操作する所属機関を切り替え',
        body: SwitchOrganisationBody,
        response: { 200: SessionInfo, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) =>
      signIn.switchOrganisation(request.ctx, sessionOf(request), request.body.organisationId),
  );

  app.post(
    '/api/auth/sign-out',
    {
      config: { auth: 'partial' },
      schema: { tags, summary: 'サインアウト', response: { 200: Ok, ...errorResponses(401) } },
    },
    async (request, reply) => {
      await signIn.signOut(request.ctx, sessionOf(request));
      clearSessionCookie(request, reply, deps);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/sign-out-everywhere',
    {
      config: { auth: 'password-change' },
      schema: {
        tags,
        summary: 'すべての端末からサインアウト',
        response: { 200: Type.Object({ sessionsEnded: Type.Integer() }), ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const sessionsEnded = await signIn.signOutEverywhere(request.ctx, sessionOf(request));
      clearSessionCookie(request, reply, deps);
      return { sessionsEnded };
    },
  );

  app.get(
    '/api/account',
    {
      config: { auth: 'password-change' },
      schema: { tags, summary: 'マイアカウント', response: { 200: AccountOverview, ...errorResponses(401) } },
    },
    async (request) => account.overview(request.ctx, sessionOf(request)),
  );

  app.put(
    '/api/account/password',
    {
      config: { auth: 'password-change', ...signInRateLimit },
      schema: {
        tags,
        summary: 'パスワードを変更',
        body: ChangePasswordBody,
        response: { 200: SessionInfo, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const result = await account.changePassword(request.ctx, sessionOf(request), request.body);
      setSessionCookie(request, reply, deps, result.sessionId, result.expiresAt);
      return result.info;
    },
  );

  app.post(
    '/api/account/recovery-codes',
    {
      config: signInRateLimit,
      schema: {
        tags,
        summary: 'リカバリーコードを再発行',
        body: TotpCodeBody,
        response: { 200: RecoveryCodes, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => ({
      recoveryCodes: await account.regenerateRecoveryCodes(
        request.ctx,
        sessionOf(request),
        request.body.code,
      ),
    }),
  );
}
