import type { Deps } from './platform/deps.ts';
import { createAccountService } from './features/auth/account.service.ts';
import { createSignInService } from './features/auth/sign-in.service.ts';
import { createAuditLogService } from './features/audit-log/audit-log.service.ts';
import { createOrganisationsService } from './features/organisations/organisations.service.ts';
import { createRegionsService } from './features/regions/regions.service.ts';
import { createStaffService } from './features/staff/staff.service.ts';
import { createMembershipsService } from './features/staff/memberships.service.ts';
import { createMembershipReportService } from './features/staff/membership-report.ts';
import { createConsentService } from './features/consent/consent.service.ts';
import { createEmergencyAccessService } from './features/emergency-access/emergency-access.service.ts';
import { createInformationService } from './features/information/information.service.ts';
import { createNotificationsService } from './features/notifications/notifications.service.ts';
import { createPersonsService } from './features/persons/persons.service.ts';
import { createSupportTeamService } from './features/support-team/support-team.service.ts';
import { createMessagesService } from './features/messages/messages.service.ts';
import { createHandoverService } from './features/handover/handover.service.ts';
import { createEscalationsService } from './features/escalations/escalations.service.ts';
import { createEscalationSettingsService } from './features/escalations/escalation-settings.service.ts';
import { createUrgentOperationsService } from './features/escalations/urgent-operations.service.ts';
import { createUrgentAwaitingService } from './features/escalations/urgent-awaiting.service.ts';
import { createUrgentPreviewService } from './features/escalations/urgent-preview.service.ts';
import { createConsultationsService } from './features/consultations/consultations.service.ts';
import { createCalendarsService } from './features/calendars/calendars.service.ts';
import { createOnCallService } from './features/on-call/on-call.service.ts';
import { createCoverageSettingsService } from './features/on-call/coverage-settings.service.ts';
import { createMyDutyService } from './features/on-call/my-duty.service.ts';
import { createPlansService } from './features/plans/plans.service.ts';
import { createDueService } from './features/due/due.service.ts';
import { createLiaisonService } from './features/liaison/liaison.service.ts';
import { createJobStatusService } from './features/job-status/job-status.service.ts';
import { createPushService } from './features/push/push.service.ts';
import { createDirectoryService } from './features/directory/directory.service.ts';
import { createDirectoryImportService } from './features/directory/directory-import.service.ts';
import { createExclusionsService } from './features/exclusions/exclusions.service.ts';

/** The composition root of the use cases: each feature's service, wired to the ones it calls. */
export function createServices(deps: Deps) {
  const regions = createRegionsService(deps);
  const organisations = createOrganisationsService(deps, { regions });
  const notifications = createNotificationsService(deps);
  const staff = createStaffService(deps, { organisations, notifications });
  const memberships = createMembershipsService(deps, { organisations, notifications });
  const membershipReport = createMembershipReportService(deps);
  const signIn = createSignInService(deps);
  const account = createAccountService(deps, signIn);
  const auditLog = createAuditLogService(deps);
  const information = createInformationService(deps);
  const team = createSupportTeamService(deps, { organisations });
  const consent = createConsentService(deps, { team });
  const handover = createHandoverService(deps, { notifications });
  const exclusions = createExclusionsService(deps);
  const emergencyAccess = createEmergencyAccessService(deps, { team, notifications });
  const urgentOperations = createUrgentOperationsService(deps);
  const escalations = createEscalationsService(deps, {
    notifications,
    handover,
    information,
    emergencyAccess,
    exclusions,
  });
  const escalationSettings = createEscalationSettingsService(deps);
  const push = createPushService(deps);
  const urgentAwaiting = createUrgentAwaitingService(deps);
  const urgentPreview = createUrgentPreviewService(deps);
  const consultations = createConsultationsService(deps, {
    notifications,
    handover,
    escalations,
    exclusions,
  });
  const messages = createMessagesService(deps, { notifications, information, escalations });
  const plans = createPlansService(deps, { messages });
  const due = createDueService(deps, { notifications });
  const persons = createPersonsService(deps, { information, team, consent, messages, exclusions });
  const calendars = createCalendarsService(deps);
  const onCall = createOnCallService(deps, { regions, notifications });
  const coverageSettings = createCoverageSettingsService(deps, { regions });
  const myDuty = createMyDutyService(deps);
  const liaison = createLiaisonService(deps, {
    messages,
    information,
    notifications,
    plans,
    exclusions,
  });
  const jobStatus = createJobStatusService(deps, { notifications });
  const directory = createDirectoryService(deps, { regions, organisations });
  const directoryImport = createDirectoryImportService(deps, { workerId: deps.config.workerId });
  return {
    deps,
    regions,
    organisations,
    staff,
    memberships,
    membershipReport,
    signIn,
    account,
    auditLog,
    notifications,
    information,
    team,
    consent,
    persons,
    exclusions,
    emergencyAccess,
    messages,
    handover,
    escalations,
    urgentOperations,
    urgentAwaiting,
    urgentPreview,
    escalationSettings,
    push,
    consultations,
    calendars,
    onCall,
    coverageSettings,
    myDuty,
    plans,
    due,
    liaison,
    jobStatus,
    directory,
    directoryImport,
  };
}

export type Services = ReturnType<typeof createServices>;
