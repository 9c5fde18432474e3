import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { ForcedPasswordChangeRoute } from './routes/change-password.tsx';
import { EnrollRoute } from './routes/enroll.tsx';
import { HomeRoute } from './routes/home.tsx';
import { MovedRoute } from './routes/moved.tsx';
import { NotFoundRoute } from './routes/not-found.tsx';
import { RouteError } from './routes/route-error.tsx';
import { SignInRoute } from './routes/sign-in.tsx';
import { TwoFactorRoute } from './routes/two-factor.tsx';
import { RequireSignedIn, SessionRoot } from './session-gate.tsx';

// The sign-in steps and home (私の担当) load with the app; every other screen loads when first
// opened, so an old tablet downloads only what it shows.
const PersonRoute = lazy(() => import('./routes/person.tsx').then((m) => ({ default: m.PersonRoute })));
const PersonCreateRoute = lazy(() =>
  import('./routes/person-form.tsx').then((m) => ({ default: m.PersonCreateRoute })),
);
const PersonEditRoute = lazy(() =>
  import('./routes/person-form.tsx').then((m) => ({ default: m.PersonEditRoute })),
);
const EmergencyAccessRoute = lazy(() =>
  import('./routes/emergency-access.tsx').then((m) => ({ default: m.EmergencyAccessRoute })),
);
const PersonMessagesRoute = lazy(() =>
  import('./routes/person-messages.tsx').then((m) => ({ default: m.PersonMessagesRoute })),
);
const AwaitingRoute = lazy(() => import('./routes/awaiting.tsx').then((m) => ({ default: m.AwaitingRoute })));
const NotificationsRoute = lazy(() =>
  import('./routes/notifications.tsx').then((m) => ({ default: m.NotificationsRoute })),
);
const NotificationSettingsRoute = lazy(() =>
  import('./routes/notifications.tsx').then((m) => ({ default: m.NotificationSettingsRoute })),
);
const NotificationOpenRoute = lazy(() =>
  import('./routes/notifications.tsx').then((m) => ({ default: m.NotificationOpenRoute })),
);
const AccountRoute = lazy(() => import('./routes/account.tsx').then((m) => ({ default: m.AccountRoute })));
const OrganisationListRoute = lazy(() =>
  import('./routes/organisations.tsx').then((m) => ({ default: m.OrganisationListRoute })),
);
const OrganisationDetailRoute = lazy(() =>
  import('./routes/organisations.tsx').then((m) => ({ default: m.OrganisationDetailRoute })),
);
const OrganisationCreateRoute = lazy(() =>
  import('./routes/organisations.tsx').then((m) => ({ default: m.OrganisationCreateRoute })),
);
const OrganisationEditRoute = lazy(() =>
  import('./routes/organisations.tsx').then((m) => ({ default: m.OrganisationEditRoute })),
);
const OrganisationCalendarRoute = lazy(() =>
  import('./routes/organisation-calendar.tsx').then((m) => ({ default: m.OrganisationCalendarRoute })),
);
const DirectorySearchRoute = lazy(() =>
  import('./routes/directory.tsx').then((m) => ({ default: m.DirectorySearchRoute })),
);
const DirectoryEntryRoute = lazy(() =>
  import('./routes/directory.tsx').then((m) => ({ default: m.DirectoryEntryRoute })),
);
const DirectoryEntryCreateRoute = lazy(() =>
  import('./routes/directory.tsx').then((m) => ({ default: m.DirectoryEntryCreateRoute })),
);
const DirectoryEntryEditRoute = lazy(() =>
  import('./routes/directory.tsx').then((m) => ({ default: m.DirectoryEntryEditRoute })),
);
const DirectoryImportsRoute = lazy(() =>
  import('./routes/directory-imports.tsx').then((m) => ({ default: m.DirectoryImportsRoute })),
);
const OnCallNowRoute = lazy(() =>
  import('./routes/on-call.tsx').then((m) => ({ default: m.OnCallNowRoute })),
);
const RotaRoute = lazy(() => import('./routes/on-call.tsx').then((m) => ({ default: m.RotaRoute })));
const CoverageRoute = lazy(() => import('./routes/on-call.tsx').then((m) => ({ default: m.CoverageRoute })));
const SwapsRoute = lazy(() => import('./routes/on-call.tsx').then((m) => ({ default: m.SwapsRoute })));
const UnreachedCasesRoute = lazy(() =>
  import('./routes/on-call-unreached.tsx').then((m) => ({ default: m.UnreachedCasesRoute })),
);
const UnreachedCaseRoute = lazy(() =>
  import('./routes/on-call-unreached.tsx').then((m) => ({ default: m.UnreachedCaseRoute })),
);
const ShiftCreateRoute = lazy(() =>
  import('./routes/on-call-shift.tsx').then((m) => ({ default: m.ShiftCreateRoute })),
);
const ShiftDetailRoute = lazy(() =>
  import('./routes/on-call-shift.tsx').then((m) => ({ default: m.ShiftDetailRoute })),
);
const ShiftEditRoute = lazy(() =>
  import('./routes/on-call-shift.tsx').then((m) => ({ default: m.ShiftEditRoute })),
);
const StaffListRoute = lazy(() => import('./routes/staff.tsx').then((m) => ({ default: m.StaffListRoute })));
const StaffDetailRoute = lazy(() =>
  import('./routes/staff.tsx').then((m) => ({ default: m.StaffDetailRoute })),
);
const StaffCreateRoute = lazy(() =>
  import('./routes/staff.tsx').then((m) => ({ default: m.StaffCreateRoute })),
);
const StaffEditRoute = lazy(() => import('./routes/staff.tsx').then((m) => ({ default: m.StaffEditRoute })));
const SettingsRoute = lazy(() => import('./routes/settings.tsx').then((m) => ({ default: m.SettingsRoute })));
const JobStatusRoute = lazy(() =>
  import('./routes/job-status.tsx').then((m) => ({ default: m.JobStatusRoute })),
);
const RegionsRoute = lazy(() => import('./routes/regions.tsx').then((m) => ({ default: m.RegionsRoute })));
const FreshnessRulesRoute = lazy(() =>
  import('./routes/freshness-rules.tsx').then((m) => ({ default: m.FreshnessRulesRoute })),
);
const AuditLogRoute = lazy(() =>
  import('./routes/audit-log.tsx').then((m) => ({ default: m.AuditLogRoute })),
);
const UrgentCasesRoute = lazy(() =>
  import('./routes/urgent.tsx').then((m) => ({ default: m.UrgentCasesRoute })),
);
const UrgentCaseRoute = lazy(() =>
  import('./routes/urgent.tsx').then((m) => ({ default: m.UrgentCaseRoute })),
);
const HandoversRoute = lazy(() =>
  import('./routes/handovers.tsx').then((m) => ({ default: m.HandoversRoute })),
);
const HandoverRoute = lazy(() =>
  import('./routes/handovers.tsx').then((m) => ({ default: m.HandoverRoute })),
);
const ConsultationsRoute = lazy(() =>
  import('./routes/consultations.tsx').then((m) => ({ default: m.ConsultationsRoute })),
);
const ConsultationCreateRoute = lazy(() =>
  import('./routes/consultations.tsx').then((m) => ({ default: m.ConsultationCreateRoute })),
);
const ConsultationRoute = lazy(() =>
  import('./routes/consultations.tsx').then((m) => ({ default: m.ConsultationRoute })),
);
const EscalationChainRoute = lazy(() =>
  import('./routes/escalation-settings.tsx').then((m) => ({ default: m.EscalationChainRoute })),
);
const WebhooksRoute = lazy(() =>
  import('./routes/escalation-settings.tsx').then((m) => ({ default: m.WebhooksRoute })),
);
const PlanRoute = lazy(() => import('./routes/plans.tsx').then((m) => ({ default: m.PlanRoute })));
const PlanEditRoute = lazy(() => import('./routes/plans.tsx').then((m) => ({ default: m.PlanEditRoute })));
const PlanHistoryRoute = lazy(() =>
  import('./routes/plans.tsx').then((m) => ({ default: m.PlanHistoryRoute })),
);
const PlanCreateRoute = lazy(() =>
  import('./routes/plans.tsx').then((m) => ({ default: m.PlanCreateRoute })),
);
const CrisisPlanRoute = lazy(() =>
  import('./routes/crisis-plan.tsx').then((m) => ({ default: m.CrisisPlanRoute })),
);
const CrisisPlanEditRoute = lazy(() =>
  import('./routes/crisis-plan.tsx').then((m) => ({ default: m.CrisisPlanEditRoute })),
);
const DueRoute = lazy(() => import('./routes/due.tsx').then((m) => ({ default: m.DueRoute })));
const PersonLiaisonRoute = lazy(() =>
  import('./routes/person-liaison.tsx').then((m) => ({ default: m.PersonLiaisonRoute })),
);
const LiaisonOutstandingRoute = lazy(() =>
  import('./routes/liaison.tsx').then((m) => ({ default: m.LiaisonOutstandingRoute })),
);
const GuestReplyRoute = lazy(() =>
  import('./routes/guest-reply.tsx').then((m) => ({ default: m.GuestReplyRoute })),
);

/** Every screen and its address. */
export function createRouter() {
  return createBrowserRouter([
    // 連携シートの返信: the QR code's short link, for people without an account (no session).
    { path: '/r/:token', element: <GuestReplyRoute />, errorElement: <RouteError /> },
    {
      element: <SessionRoot />,
      errorElement: <RouteError />,
      children: [
        { path: '/sign-in', element: <SignInRoute /> },
        { path: '/sign-in/two-factor', element: <TwoFactorRoute /> },
        { path: '/sign-in/enroll', element: <EnrollRoute /> },
        { path: '/change-password', element: <ForcedPasswordChangeRoute /> },
        {
          element: <RequireSignedIn />,
          errorElement: <RouteError />,
          children: [
            { index: true, element: <HomeRoute /> },
            { path: 'persons/new', element: <PersonCreateRoute /> },
            { path: 'persons/:id', element: <PersonRoute /> },
            { path: 'persons/:id/edit', element: <PersonEditRoute /> },
            { path: 'persons/:id/messages', element: <PersonMessagesRoute /> },
            { path: 'persons/:id/liaison', element: <PersonLiaisonRoute /> },
            { path: 'persons/:id/crisis-plan', element: <CrisisPlanRoute /> },
            { path: 'persons/:id/crisis-plan/edit', element: <CrisisPlanEditRoute /> },
            { path: 'persons/:id/plans/new/:kind', element: <PlanCreateRoute /> },
            { path: 'plans/:id', element: <PlanRoute /> },
            { path: 'plans/:id/edit', element: <PlanEditRoute /> },
            { path: 'plans/:id/history', element: <PlanHistoryRoute /> },
            { path: 'due', element: <DueRoute /> },
            { path: 'liaison', element: <LiaisonOutstandingRoute /> },
            { path: 'awaiting', element: <AwaitingRoute /> },
            { path: 'emergency-access', element: <EmergencyAccessRoute /> },
            { path: 'notifications', element: <NotificationsRoute /> },
            { path: 'notifications/settings', element: <NotificationSettingsRoute /> },
            { path: 'notifications/:id', element: <NotificationOpenRoute /> },
            { path: 'account', element: <AccountRoute /> },
            { path: 'organisations', element: <OrganisationListRoute /> },
            { path: 'organisations/new', element: <OrganisationCreateRoute /> },
            { path: 'organisations/:id', element: <OrganisationDetailRoute /> },
            { path: 'organisations/:id/edit', element: <OrganisationEditRoute /> },
            { path: 'organisations/:id/calendar', element: <OrganisationCalendarRoute /> },
            { path: 'directory', element: <DirectorySearchRoute /> },
            { path: 'directory/new', element: <DirectoryEntryCreateRoute /> },
            { path: 'directory/:id', element: <DirectoryEntryRoute /> },
            { path: 'directory/:id/edit', element: <DirectoryEntryEditRoute /> },
            { path: 'on-call', element: <OnCallNowRoute /> },
            { path: 'on-call/rota', element: <RotaRoute /> },
            { path: 'on-call/coverage', element: <CoverageRoute /> },
            { path: 'on-call/swaps', element: <SwapsRoute /> },
            { path: 'on-call/unreached', element: <UnreachedCasesRoute /> },
            { path: 'on-call/unreached/:caseId', element: <UnreachedCaseRoute /> },
            { path: 'on-call/shifts/new', element: <ShiftCreateRoute /> },
            { path: 'on-call/shifts/:id', element: <ShiftDetailRoute /> },
            { path: 'on-call/shifts/:id/edit', element: <ShiftEditRoute /> },
            { path: 'staff', element: <StaffListRoute /> },
            { path: 'staff/new', element: <StaffCreateRoute /> },
            { path: 'staff/:id', element: <StaffDetailRoute /> },
            { path: 'staff/:id/edit', element: <StaffEditRoute /> },
            { path: 'urgent', element: <UrgentCasesRoute /> },
            { path: 'urgent/:caseId', element: <UrgentCaseRoute /> },
            { path: 'handovers', element: <HandoversRoute /> },
            { path: 'handovers/:id', element: <HandoverRoute /> },
            { path: 'consultations', element: <ConsultationsRoute /> },
            { path: 'consultations/new', element: <ConsultationCreateRoute /> },
            { path: 'consultations/:id', element: <ConsultationRoute /> },
            // 設定 gathers the administration screens; their first addresses still lead there.
            { path: 'settings', element: <SettingsRoute /> },
            { path: 'settings/regions', element: <RegionsRoute /> },
            { path: 'settings/freshness-rules', element: <FreshnessRulesRoute /> },
            { path: 'settings/escalation-chain', element: <EscalationChainRoute /> },
            { path: 'settings/webhooks', element: <WebhooksRoute /> },
            { path: 'settings/audit-log', element: <AuditLogRoute /> },
            { path: 'settings/jobs', element: <JobStatusRoute /> },
            { path: 'settings/directory-imports', element: <DirectoryImportsRoute /> },
            { path: 'regions', element: <MovedRoute to="/settings/regions" /> },
            { path: 'freshness-rules', element: <MovedRoute to="/settings/freshness-rules" /> },
            { path: 'escalation-chain', element: <MovedRoute to="/settings/escalation-chain" /> },
            { path: 'webhooks', element: <MovedRoute to="/settings/webhooks" /> },
            { path: 'audit-log', element: <MovedRoute to="/settings/audit-log" /> },
            { path: '*', element: <NotFoundRoute /> },
          ],
        },
      ],
    },
  ]);
}
