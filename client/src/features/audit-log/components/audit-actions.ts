import { translateIfExists } from '../../../lib/i18n/index.ts';
import { ja } from '../../../lib/i18n/ja.ts';

/** Every action code we have a label for ("auth.sign_in", …), in the order of the texts. */
export const knownAuditActions: string[] = Object.entries(ja.audit.actions).flatMap(([group, actions]) =>
  Object.keys(actions).map((name) => `${group}.${name}`),
);

/** A label for what an event was about ("user" → 職員); unknown kinds are shown as they are. */
export function auditTargetLabel(targetType: string): string {
  return translateIfExists(`audit.targetTypes.${targetType}`) ?? targetType;
}

/** A Japanese (or English) label for an action code; unknown codes are shown as they are. */
export function auditActionLabel(action: string): string {
  return translateIfExists(`audit.actions.${action}`) ?? action;
}
