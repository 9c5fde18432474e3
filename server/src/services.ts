import type { Deps } from './platform/deps.ts';
import { createAccountService } from './features/auth/account.service.ts';
import { createSignInService } from './features/auth/sign-in.service.ts';
import { createAuditLogService } from './features/audit-log/audit-log.service.ts';
import { createOrganisationsService } from './features/organisations/organisations.service.ts';
import { createRegionsService } from './features/regions/regions.service.ts';
import { createStaffService } from './features/staff/staff.service.ts';

/** The composition root of the use cases: each feature's service, wired to the ones it calls. */
export function createServices(deps: Deps) {
  const regions = createRegionsService(deps);
  const organisations = createOrganisationsService(deps, { regions });
  const staff = createStaffService(deps, { organisations });
  const signIn = createSignInService(deps);
  const account = createAccountService(deps, signIn);
  const auditLog = createAuditLogService(deps);
  return { deps, regions, organisations, staff, signIn, account, auditLog };
}

export type Services = ReturnType<typeof createServices>;
