import type { PlanChange, PlanKind, PlanVersion } from '@tsunagu/contract';
import type { BadgeTone } from '../../../components/ui/badge.tsx';
import { i18n, translateIfExists } from '../../../lib/i18n/index.ts';

/** A version's state as the team reads it: 計画案, 本人同意, 確定, or 以前の版 once replaced. */
export function statusOf(v: Pick<PlanVersion, 'status' | 'isSuperseded'>): {
  label: string;
  tone: BadgeTone;
} {
  if (v.isSuperseded) return { label: i18n.t('plans.status.superseded'), tone: 'neutral' };
  const tone: BadgeTone = v.status === 'confirmed' ? 'success' : v.status === 'agreed' ? 'info' : 'warning';
  return { label: i18n.t(`plans.status.${v.status}`), tone };
}

/** 毎月 / 3か月ごと. */
export function periodLabel(months: number | null): string {
  if (!months) return i18n.t('common.notSet');
  return months === 1 ? i18n.t('plans.monthly') : i18n.t('plans.months', { count: months });
}

/** 「相田 みどり（相談支援事業所ひだまり）」. */
export function actorLabel(a: { name: string | null; organisationName: string | null } | null): string {
  if (!a?.name) return a?.organisationName ?? i18n.t('plans.byUnknown');
  return a.organisationName ? i18n.t('plans.by', { name: a.name, organisation: a.organisationName }) : a.name;
}

const headFields = new Set(['planDate', 'reviewOn', 'monitoringMonths', 'changeNote']);

/**
 * The label of a field a diff names: `section` is 'plan' (the plan's own fields) or a row
 * section (needs, goals, contacts); the words differ by kind (本人の役割 in a need and in a goal).
 */
export function fieldLabel(kind: PlanKind, section: string, field: string): string {
  const key =
    section === 'plan'
      ? headFields.has(field)
        ? `plans.fields.head.${field}`
        : `plans.fields.${kind}.${field}`
      : `plans.fields.${section}.${field}`;
  return translateIfExists(key) ?? field;
}

/** What a diff row is about: 「本人の意向」, or 課題「…」: 支援目標, or 2番目の連絡先: 電話番号. */
export function changeTitle(kind: PlanKind, change: PlanChange): string {
  if (change.section === 'plan') return fieldLabel(kind, 'plan', change.field ?? '');
  const section = translateIfExists(`plans.history.sections.${change.section}`) ?? change.section;
  const row =
    change.section === 'contacts' && change.rowId
      ? i18n.t('plans.history.contactRow', { number: change.rowId })
      : i18n.t('plans.history.rowLabel', { section, label: change.rowLabel ?? '' });
  return change.field ? `${row}: ${fieldLabel(kind, change.section, change.field)}` : row;
}
